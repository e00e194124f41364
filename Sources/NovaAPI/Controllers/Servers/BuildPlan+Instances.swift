import Common
import Foundation

/// The servers and request specs a plan writes.
extension BuildPlan {
    func creation() throws -> InstanceCreation {
        var instances: [Instance] = []
        var specs: [RequestSpec] = []
        let name = server["name"]?.stringValue ?? ""
        // Past what quota could allow the store refuses with TooManyInstances (at least one server is built
        // so that it checks); within quota but past the cap, the request is refused here.
        let bound = quotaBound(cap: Int.max)
        if minCount > Self.maxServersPerRequest && bound > Self.maxServersPerRequest {
            throw APIError.badRequest("min_count may be at most \(Self.maxServersPerRequest) in one request")
        }
        let planned = max(1, min(maxCount, bound, Self.maxServersPerRequest))
        for index in 0..<planned {
            let displayName = maxCount > 1 ? "\(name)-\(index + 1)" : name
            let instance = makeInstance(displayName: displayName, launchIndex: index)
            instances.append(instance)
            specs.append(makeSpec(for: instance))
        }
        var action = InstanceAction()
        action.action = "create"
        action.requestID = req.context.requestId
        action.userID = req.context.userId
        action.projectID = req.context.projectId
        action.startTime = NovaTime.now()
        var c = InstanceCreation(
            instances: instances, requestSpecs: specs, minCount: minCount, limits: limits, action: action)
        c.requestedMaxCount = maxCount
        c.serverGroupUUID = group?.uuid
        c.serverGroupMemberLimit = groupMemberLimit
        c.tags = tags
        return c
    }

    func makeInstance(displayName: String, launchIndex: Int) -> Instance {
        var i = Instance()
        i.uuid = Generated.uuid()
        i.userID = req.context.userId
        i.projectID = req.context.projectId
        i.imageRef = image?.id
        i.kernelID = ""
        i.ramdiskID = ""
        i.hostname = Self.hostname(displayName, uuid: i.uuid)
        i.launchIndex = launchIndex
        i.keyName = keypair?.name
        i.keyData = keypair?.publicKey
        if let k = keypair { i.keypairs = [k] }
        i.powerStateValue = .noState
        i.vmState = .building
        i.taskState = .scheduling
        i.memoryMB = flavor.memoryMB
        i.vcpus = flavor.vcpus
        i.rootGB = flavor.rootGB
        i.ephemeralGB = flavor.ephemeralGB
        i.instanceTypeID = flavor.id
        i.flavor = flavor
        i.userData = server["user_data"]?.stringValue
        i.reservationID = reservationID
        i.availabilityZone = availabilityZone
        i.displayName = displayName
        i.displayDescription = server["description"]?.stringValue
        i.locked = false
        i.configDrive = RequestParsing.bool(server["config_drive"]) == true ? "True" : ""
        i.accessIPv4 = server["accessIPv4"]?.stringValue
        i.accessIPv6 = server["accessIPv6"]?.stringValue
        i.autoDiskConfig = server["OS-DCF:diskConfig"]?.stringValue == "AUTO"
        i.progress = 0
        i.metadata = (server["metadata"]?.objectValue ?? [:]).compactMapValues(\.stringValue)
        i.systemMetadata = imageSystemMetadata()
        i.osType = image?.properties["os_type"]
        i.architecture = image?.properties["architecture"]
        return i
    }

    /// Nova's `image_*` system metadata: the image's base fields and its properties.
    func imageSystemMetadata() -> [String: String] {
        guard let image else { return [:] }
        var m: [String: String] = [
            "image_min_ram": "\(image.minRam)", "image_min_disk": "\(max(image.minDisk, flavor.rootGB))",
            "image_base_image_ref": image.id,
        ]
        if let f = image.diskFormat { m["image_disk_format"] = f }
        if let f = image.containerFormat { m["image_container_format"] = f }
        for (k, v) in image.properties { m["image_" + k] = v }
        return m
    }

    func makeSpec(for instance: Instance) -> RequestSpec {
        var s = RequestSpec()
        s.instanceUUID = instance.uuid
        s.projectID = instance.projectID
        s.userID = instance.userID
        s.availabilityZone = availabilityZone
        s.flavor = flavor
        s.numInstances = maxCount
        s.image = image?.imageMeta()
        s.isBFV = false
        if let g = group { s.instanceGroup = g }
        s.schedulerHints = hints.isEmpty ? nil : hints
        if let host = forcedHost { s.forceHosts = [host] }
        if let node = forcedNode { s.forceNodes = [node] }
        let host = server["host"]?.stringValue
        let node = server["hypervisor_hostname"]?.stringValue
        if host != nil || node != nil {
            var d = Destination()
            if let host { d.host = host }
            if let node { d.node = node }
            s.requestedDestination = d
        }
        return s
    }

    /// Nova's `sanitize_hostname`: lower case, spaces and underscores to dashes, only `[a-z0-9.-]`, no dot or
    /// dash at either end, at most 63 characters; `Server-<uuid>` when nothing is left.
    static func hostname(_ name: String, uuid: String) -> String {
        var s = name.lowercased().replacingOccurrences(of: " ", with: "-").replacingOccurrences(of: "_", with: "-")
        s = String(
            s.unicodeScalars.filter { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "." || $0 == "-" }
                .map(Character.init))
        s = String(s.prefix(63))
        while let f = s.first, f == "." || f == "-" { s.removeFirst() }
        while let l = s.last, l == "." || l == "-" { s.removeLast() }
        return s.isEmpty ? "Server-\(uuid)" : s
    }
}
