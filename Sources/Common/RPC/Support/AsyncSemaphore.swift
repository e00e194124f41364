import Foundation

/// Bounds how many RPC handlers run at once in a server (the `rpc_prefetch` window).
final class AsyncSemaphore: @unchecked Sendable {
    // @unchecked: `permits` and `waiters` are only touched while holding `lock`.
    private let lock = NSLock()
    private var permits: Int
    private var waiters: [CheckedContinuation<Void, Never>] = []

    init(_ permits: Int) { self.permits = permits }

    func acquire() async {
        if tryAcquire() { return }
        await withCheckedContinuation { enqueue($0) }
    }

    private func tryAcquire() -> Bool {
        lock.withLock {
            guard permits > 0 else { return false }
            permits -= 1
            return true
        }
    }

    private func enqueue(_ c: CheckedContinuation<Void, Never>) {
        let granted = lock.withLock { () -> Bool in
            if permits > 0 {
                permits -= 1
                return true
            }
            waiters.append(c)
            return false
        }
        if granted { c.resume() }
    }

    func release() {
        lock.lock()
        if waiters.isEmpty {
            permits += 1
            lock.unlock()
        } else {
            let c = waiters.removeFirst()
            lock.unlock()
            c.resume()
        }
    }
}
