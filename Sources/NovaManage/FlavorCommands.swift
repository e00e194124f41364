import Common
import NovaDB

/// `nova-manage flavor ...`: the flavors an operator declares (scripts/lib/stack.sh seeds them).
enum FlavorCommands {
    static let all: [String: ManageCommand] = [
        "ensure": ManageCommand(
            summary: "Create the flavor unless it exists with the same sizes (differing sizes are an error).",
            options: OptionSpec(
                valued: [
                    "id": "flavor id (the API's flavorid)", "name": "flavor name", "vcpus": "virtual CPUs",
                    "ram": "memory in MB", "disk": "root disk in GB", "ephemeral": "ephemeral disk in GB (0)",
                    "swap": "swap in MB (0)", "rxtx_factor": "network bandwidth factor (1.0)",
                    "description": "free text",
                ],
                flags: ["public": "everyone may use it (the default)", "private": "only projects given access"],
                required: ["id", "name", "vcpus", "ram", "disk"]),
            run: ensure),
        "list": ManageCommand(summary: "List flavors.", options: OptionSpec(), run: list),
    ]

    static func ensure(_ ctx: ManageContext, _ opts: CommandOptions) async throws -> Int32 {
        guard !(opts.flag("public") && opts.flag("private")) else {
            throw UsageError("--public and --private exclude each other")
        }
        var f = Flavor()
        f.flavorID = opts.string("id") ?? ""
        f.name = opts.string("name")
        guard !f.flavorID.isEmpty, f.flavorID.count <= 255, let name = f.name, !name.isEmpty, name.count <= 255 else {
            throw UsageError("--id and --name must be 1 to 255 characters")
        }
        f.vcpus = try opts.int("vcpus", min: 1) ?? 1
        f.memoryMB = try opts.int("ram", min: 1) ?? 1
        f.rootGB = try opts.int("disk") ?? 0
        f.ephemeralGB = try opts.int("ephemeral") ?? 0
        f.swap = try opts.int("swap") ?? 0
        f.rxtxFactor = try opts.double("rxtx_factor") ?? 1.0
        f.isPublic = !opts.flag("private")
        f.disabled = false
        if let d = opts.string("description") { f.flavorDescription = d }
        let store = try await ctx.store()
        defer { store.close() }
        let (flavor, created) = try await store.ensureFlavor(f)
        print("Flavor \(flavor.flavorID) (\(flavor.name ?? "")) \(created ? "created" : "already exists")")
        return 0
    }

    static func list(_ ctx: ManageContext, _ opts: CommandOptions) async throws -> Int32 {
        let store = try await ctx.store()
        defer { store.close() }
        let rows = try await store.flavors().map { f in
            [
                f.flavorID, f.name ?? "", String(f.memoryMB), String(f.rootGB), String(f.ephemeralGB), String(f.vcpus),
                f.isPublic ? "True" : "False",
            ]
        }
        print(TextTable.render(["ID", "Name", "RAM", "Disk", "Ephemeral", "VCPUs", "Is Public"], rows))
        return 0
    }
}
