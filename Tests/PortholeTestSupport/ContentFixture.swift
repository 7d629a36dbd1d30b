import Foundation

/// A small, valid agency written to a fresh temp folder: one playbook, one
/// public client with one project and one update. Tests change or add files
/// to trigger exactly the behaviour they check.
public final class ContentFixture: @unchecked Sendable {
    public let root: URL
    public var content: URL { root.appendingPathComponent("content") }
    public var site: URL { root.appendingPathComponent("site") }
    /// Where `porthole build` writes the agency's portfolio by default.
    public var portfolio: URL { root.appendingPathComponent("portfolio") }
    public var themes: URL { root.appendingPathComponent("themes") }

    public init(minimal: Bool = true) throws {
        root = FileManager.default.temporaryDirectory
            .appendingPathComponent("porthole-test-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        if minimal { try writeMinimal() }
        try FileManager.default.createSymbolicLink(at: themes, withDestinationURL: Self.packageRoot.appendingPathComponent("themes"))
    }

    deinit { try? FileManager.default.removeItem(at: root) }

    /// A temporary themes folder holding a copy of the default theme as
    /// `custom/`, for tests that change a theme; the caller removes it.
    public static func themesWithDefaultCopy() throws -> URL {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("porthole-theme-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        try FileManager.default.copyItem(
            at: packageRoot.appendingPathComponent("themes/default"), to: root.appendingPathComponent("custom"))
        return root
    }

    /// The package root, found from this file's path.
    public static var packageRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    public func write(_ relative: String, _ text: String) throws {
        let url = content.appendingPathComponent(relative)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
    }

    public func writeBytes(_ relative: String, _ bytes: [UInt8]) throws {
        let url = content.appendingPathComponent(relative)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(bytes).write(to: url)
    }

    public func remove(_ relative: String) throws {
        try FileManager.default.removeItem(at: content.appendingPathComponent(relative))
    }

    /// `content/<relative>` as diagnostics name it when run from `root`.
    public func path(_ relative: String) -> String { "content/" + relative }

    public static let portal = """
        agency:
          name: Test Agency
          url: https://agency.example
          contact: pmo@agency.example
        site:
          base_url: https://status.agency.example/
          timezone: Europe/London
          locale: en-GB
          theme: default

        """

    public static let playbook = """
        name: Storefront build
        phases: [Discovery, Design, Build, Launch]
        update:
          cadence_days: 7
          grace_days: 2
          sections: [Summary, Progress, Next]
          summary_max_words: 20
        milestones:
          - { id: M1, title: Discovery sign-off, gate: true, week: 3 }

        """

    public static let client = """
        name: Acme Outdoor Co.
        access: public
        contacts:
          - { name: Jane Doe, role: Head of Ecommerce, email: jane@acme.example }
        account_manager: Sam Lee
        brand:
          color: "#1f6feb"

        """

    public static let project = """
        name: Storefront rebuild
        playbook: storefront
        pm: Priya Shah
        start: 2026-09-01
        target: 2027-02-15
        phase: Build
        summary: |
          Rebuild of the Acme storefront.
        milestones:
          - id: M1
            title: Discovery sign-off
            due: 2026-09-26
            done: 2026-09-24
            gate: true
          - id: M2
            title: Design approved
            due: 2026-10-20
            forecast: 2026-11-03
          - id: M3
            title: Build complete
            due: 2026-12-20
            forecast: 2027-01-10
          - id: M4
            title: Launch
            due: 2027-02-15
          - id: M9
            title: Secret internal checkpoint
            due: 2027-01-15
            internal: true
        risks:
          - id: R1
            type: risk
            title: Payment gateway certification may slip
            probability: 3
            impact: 4
            owner: Priya Shah
            mitigation: Book the certification slot now.
            status: open
            raised: 2026-10-02
            milestone: M4
          - id: R2
            type: issue
            title: Internal staffing gap
            probability: 2
            impact: 2
            internal: true

        """

    public static let update = """
        ---
        status: amber
        headline: Checkout build on track; certification at risk
        ---
        ## Summary
        Two sentences for a busy client.

        ## Progress
        - Checkout complete
        - M1 Discovery signed off by Jane Doe on 2026-09-24

        ## Next
        - Start UAT
        - M2 Design approval moves to next week

        ## Internal
        Do not promise the date yet.

        """

    public static let decision = """
        ---
        title: Use Shopify Markets for multi-currency
        date: 2026-10-14
        status: accepted
        deciders: [Jane Doe, Priya Shah]
        ---
        ## Context
        Several currencies.

        ## Decision
        Markets.

        ## Consequences
        Fewer apps.

        """

    public func writeMinimal() throws {
        try write("portal.yaml", Self.portal)
        try write("playbooks/storefront.yaml", Self.playbook)
        try write("clients/acme/client.yaml", Self.client)
        try write("clients/acme/shop/project.yaml", Self.project)
        try write("clients/acme/shop/updates/2026-11-24.md", Self.update)
        try write("clients/acme/shop/decisions/0001-use-markets.md", Self.decision)
    }
}

/// Runs the real `porthole` binary.
public struct PortholeProcess {
    public struct Result {
        public let status: Int32
        public let stdout: String
        public let stderr: String
    }

    /// `PORTHOLE_BIN`, else the debug build beside the package.
    public static var binary: URL {
        if let path = ProcessInfo.processInfo.environment["PORTHOLE_BIN"] { return URL(fileURLWithPath: path) }
        return ContentFixture.packageRoot.appendingPathComponent(".build/debug/porthole")
    }

    public static func run(
        _ arguments: [String], in directory: URL, environment extra: [String: String] = [:],
        executable: URL? = nil
    ) throws -> Result {
        let process = Process()
        process.executableURL = executable ?? binary
        process.arguments = arguments
        process.currentDirectoryURL = directory
        var environment = ProcessInfo.processInfo.environment
        environment["PORTHOLE_SECRET"] = "test-secret"
        environment["NO_COLOR"] = "1"
        for (key, value) in extra { environment[key] = value }
        process.environment = environment
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        // Read both pipes before waiting, so a chatty run cannot fill a pipe and stall.
        let group = DispatchGroup()
        nonisolated(unsafe) var outData = Data()
        nonisolated(unsafe) var errData = Data()
        group.enter()
        DispatchQueue.global().async {
            outData = out.fileHandleForReading.readDataToEndOfFile()
            group.leave()
        }
        errData = err.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        return Result(
            status: process.terminationStatus,
            stdout: String(decoding: outData, as: UTF8.self),
            stderr: String(decoding: errData, as: UTF8.self))
    }
}

/// Every regular file below a folder, by relative path, with its bytes;
/// without a portfolio's `.porthole-owner` (`OutputFolder.ownerFile`), a
/// random token of the build that wrote it: bookkeeping, not a page, and
/// new with every build by design.
public func snapshotTree(_ root: URL) -> [String: Data] {
    var result: [String: Data] = [:]
    let base = root.resolvingSymlinksInPath().path
    guard let enumerator = FileManager.default.enumerator(atPath: base) else { return result }
    while let relative = enumerator.nextObject() as? String {
        let full = base + "/" + relative
        var isDirectory: ObjCBool = false
        if relative == ".porthole-owner" { continue }
        if FileManager.default.fileExists(atPath: full, isDirectory: &isDirectory), !isDirectory.boolValue {
            result[relative] = FileManager.default.contents(atPath: full)
        }
    }
    return result
}

#if canImport(Glibc)
    import Glibc
#endif

/// Writes `prefix` over the start of a file in place (same inode, same size)
/// and sets its access and modification times back: an edit that only the
/// change time, which no tool can set back, and the bytes still show.
/// Returns the file's metadata from before the edit; nil if any step failed.
@discardableResult
public func overwriteKeepingSizeAndTimes(_ path: String, with prefix: String) -> stat? {
    var before = stat()
    guard lstat(path, &before) == 0, prefix.utf8.count <= Int(before.st_size) else { return nil }
    let fd = open(path, O_WRONLY)
    guard fd >= 0 else { return nil }
    let written = pwrite(fd, prefix, prefix.utf8.count, 0)
    close(fd)
    var times = [before.st_atim, before.st_mtim]
    guard written == prefix.utf8.count, utimensat(AT_FDCWD, path, &times, 0) == 0 else { return nil }
    return before
}

/// When a file was last read, as the file system records it.
public func accessTime(_ path: String) -> timespec {
    var info = stat()
    _ = lstat(path, &info)
    return info.st_atim
}
