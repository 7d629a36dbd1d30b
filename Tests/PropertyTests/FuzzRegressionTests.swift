import Foundation
import PortholeFuzzTargets
import PortholeTestSupport
import Testing

/// Every input a fuzzer found a crash, a hang or a broken promise with
/// (Tests/fuzz-regressions/<target>/, docs/testing.md), run through the same
/// target as the fuzzer: none may crash or break a promise again.
struct FuzzRegressionTests {
    static func inputs(under folder: String) -> [(FuzzTarget, URL)] {
        let base = ContentFixture.packageRoot.appendingPathComponent(folder)
        return FuzzTarget.allCases.flatMap { target in
            let files =
                (try? FileManager.default.contentsOfDirectory(
                    at: base.appendingPathComponent(target.rawValue), includingPropertiesForKeys: nil)) ?? []
            return files.sorted { $0.path < $1.path }.map { (target, $0) }
        }
    }

    @Test func test_everyRegressionInputLoadsWithoutBreakingAPromise() throws {
        let inputs = Self.inputs(under: "Tests/fuzz-regressions")
        for (target, file) in inputs {
            #expect(throws: Never.self, "\(target.rawValue): \(file.lastPathComponent)") {
                try target.run(Array(try Data(contentsOf: file)))
            }
        }
    }
}
