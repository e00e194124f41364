import Foundation

/// Opens once; any number of tasks wait for it. Waiting ignores cancellation on purpose: a cancelled
/// `run()` must still wait for the graceful stop it started to finish.
final class Latch: @unchecked Sendable {
    // @unchecked: `isOpenFlag` and `waiters` are only touched while holding `lock`.
    private let lock = NSLock()
    private var isOpenFlag = false
    private var waiters: [CheckedContinuation<Void, Never>] = []

    var isOpen: Bool { lock.withLock { isOpenFlag } }

    func open() {
        let ws = lock.withLock { () -> [CheckedContinuation<Void, Never>] in
            isOpenFlag = true
            defer { waiters = [] }
            return waiters
        }
        for w in ws { w.resume() }
    }

    func wait() async {
        await withCheckedContinuation { (c: CheckedContinuation<Void, Never>) in
            lock.lock()
            if isOpenFlag {
                lock.unlock()
                c.resume()
            } else {
                waiters.append(c)
                lock.unlock()
            }
        }
    }
}
