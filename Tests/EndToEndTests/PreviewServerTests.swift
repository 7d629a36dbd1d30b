import Foundation
import PortholeTestSupport
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif
#if canImport(Glibc)
    import Glibc
#endif

/// `porthole serve`: the real binary, a real port on 127.0.0.1, real edits.
@Suite(.serialized)
struct PreviewServerTests {
    /// A running `porthole serve` and what it has printed so far.
    final class Preview: @unchecked Sendable {
        let process = Process()
        private let lock = NSLock()
        private var printed = ""

        init(in folder: URL, port: Int = 0) throws {
            process.executableURL = PortholeProcess.binary
            process.arguments = ["serve", "--today", "2026-11-27", "--port", String(port), "--interval", "0.2"]
            process.currentDirectoryURL = folder
            var environment = ProcessInfo.processInfo.environment
            environment["PORTHOLE_SECRET"] = "test-secret"
            environment["NO_COLOR"] = "1"
            process.environment = environment
            let err = Pipe()
            process.standardError = err
            process.standardOutput = FileHandle.nullDevice
            err.fileHandleForReading.readabilityHandler = { [weak self] handle in
                let data = handle.availableData
                guard let self, !data.isEmpty else { return }
                self.lock.lock()
                self.printed += String(decoding: data, as: UTF8.self)
                self.lock.unlock()
            }
            try process.run()
        }

        var output: String {
            lock.lock()
            defer { lock.unlock() }
            return printed
        }

        /// Waits until the output holds `text`, `times` times (at most `seconds`).
        func wait(for text: String, times: Int = 1, seconds: Double = 60) async throws -> Bool {
            let deadline = Date().addingTimeInterval(seconds)
            while Date() < deadline {
                if output.components(separatedBy: text).count > times { return true }
                try await Task.sleep(for: .milliseconds(50))
            }
            return false
        }

        var port: Int? {
            guard let range = output.range(of: "http://127.0.0.1:") else { return nil }
            return Int(output[range.upperBound...].prefix { $0.isNumber })
        }

        func stop() {
            if process.isRunning { process.interrupt() }
            process.waitUntilExit()
        }
    }

    func get(_ port: Int, _ path: String) async throws -> (status: Int, body: String, headers: [AnyHashable: Any]) {
        let (data, response) = try await URLSession.shared.data(from: URL(string: "http://127.0.0.1:\(port)/\(path)")!)
        let http = response as! HTTPURLResponse
        return (http.statusCode, String(decoding: data, as: UTF8.self), http.allHeaderFields)
    }

    @Test func test_servesTheBuiltSiteAndRebuildsWhenANoteChanges() async throws {
        let fixture = try ContentFixture()
        let preview = try Preview(in: fixture.root)
        defer { preview.stop() }
        #expect(try await preview.wait(for: "previewing on http://127.0.0.1:"), "\(preview.output)")
        let port = try #require(preview.port)
        #expect(preview.output.contains("acme (public): http://127.0.0.1:\(port)/acme/"))
        #expect(preview.output.contains("rebuilt and reloaded when a file is saved"), "inotify, not polling")

        let page = try await get(port, "acme/shop/updates/2026-11-24/")
        #expect(page.status == 200)
        #expect(page.body.contains("Checkout complete"))
        #expect((page.headers["Cache-Control"] as? String) == "no-store")
        #expect((page.headers["X-Robots-Tag"] as? String)?.contains("noindex") == true)
        // The live-reload script is added as the page is served, and the
        // preview is built beside the published site, never into it.
        #expect(page.body.contains("<script src=\"/__porthole/live.js\""))
        #expect(try await get(port, "__porthole/live.js").body.contains("EventSource"))
        let built = try String(
            contentsOf: fixture.root.appendingPathComponent(".porthole/preview/acme/shop/updates/2026-11-24/index.html"), encoding: .utf8)
        #expect(!built.contains("__porthole"))
        #expect(!FileManager.default.fileExists(atPath: fixture.root.appendingPathComponent("site").path))
        #expect(try await get(port, "acme/no-such-page.html").status == 404)

        // An edit is built and served without restarting anything.
        try fixture.write(
            "clients/acme/shop/updates/2026-11-24.md",
            ContentFixture.update.replacingOccurrences(of: "Checkout complete", with: "Checkout previewed"))
        #expect(try await preview.wait(for: "built 1 portal", times: 2), "\(preview.output)")
        #expect(try await get(port, "acme/shop/updates/2026-11-24/").body.contains("Checkout previewed"))

        // A mistake is reported with its place, and the last good site stays served.
        try fixture.write(
            "clients/acme/shop/updates/2026-11-24.md",
            ContentFixture.update.replacingOccurrences(of: "status: amber", with: "status: purple"))
        #expect(try await preview.wait(for: "2026-11-24.md:2:"), "\(preview.output)")
        #expect(preview.output.contains("porthole: build failed"))
        #expect(try await get(port, "acme/shop/updates/2026-11-24/").body.contains("Checkout previewed"))
        // Said once, not on every look for changes.
        try await Task.sleep(for: .seconds(1))
        #expect(preview.output.components(separatedBy: "porthole: build failed").count == 2, "\(preview.output)")

        preview.stop()
        #expect(preview.process.terminationStatus == 0, "Ctrl-C stops the preview cleanly")
    }
    @Test func test_aPortInUseIsAClearErrorNotACrash() async throws {
        let fixture = try ContentFixture()
        let first = try Preview(in: fixture.root)
        defer { first.stop() }
        #expect(try await first.wait(for: "previewing on"), "\(first.output)")
        let port = try #require(first.port)
        let second = try Preview(in: fixture.root, port: port)
        second.process.waitUntilExit()
        #expect(second.process.terminationStatus == 1)
        #expect(try await second.wait(for: "porthole: error: cannot serve on 127.0.0.1:\(port)", seconds: 5), "\(second.output)")
    }
}
