import Foundation
import PortholeFuzzTargets

/// `porthole-fuzz`: one binary for every fuzz target, chosen by
/// PORTHOLE_FUZZ_TARGET (scripts/fuzz.sh, docs/testing.md).
///
/// Built with `-sanitize=fuzzer,address -DFUZZING` it hands control to
/// libFuzzer (`LLVMFuzzerRunDriver`), so the same `@main` serves both builds.
/// In the normal build it replays the files it is given instead: the
/// regression tests and a person reproducing a crash use that.
@main
struct FuzzMain {
    static func main() {
        let name = ProcessInfo.processInfo.environment["PORTHOLE_FUZZ_TARGET"] ?? ""
        guard let target = FuzzTarget(rawValue: name) else {
            let names = FuzzTarget.allCases.map(\.rawValue).joined(separator: ", ")
            FileHandle.standardError.write(Data("porthole-fuzz: set PORTHOLE_FUZZ_TARGET to one of \(names)\n".utf8))
            exit(2)
        }
        FuzzTargetBox.target = target
        #if FUZZING
            var argc = CommandLine.argc
            var argv = CommandLine.unsafeArgv
            exit(runFuzzerDriver(&argc, &argv, fuzzOne))
        #else
            var failed = false
            for path in CommandLine.arguments.dropFirst() {
                guard let data = FileManager.default.contents(atPath: path) else { continue }
                do { try target.run(Array(data)) } catch {
                    print("\(path): \(error)")
                    failed = true
                }
            }
            exit(failed ? 1 : 0)
        #endif
    }
}

/// The target chosen at start, read by the C callback (which cannot capture).
enum FuzzTargetBox {
    nonisolated(unsafe) static var target: FuzzTarget?
}

#if FUZZING
    @_silgen_name("LLVMFuzzerRunDriver")
    func runFuzzerDriver(
        _ argc: UnsafeMutablePointer<Int32>,
        _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
        _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32
    ) -> Int32

    /// libFuzzer's own `main` (linked in by `-sanitize=fuzzer`) calls this
    /// when it is the one that runs; `runFuzzerDriver` above passes the
    /// same function when ours does.
    @_cdecl("LLVMFuzzerTestOneInput")
    public func fuzzerTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
        if FuzzTargetBox.target == nil {
            FuzzTargetBox.target = FuzzTarget(rawValue: ProcessInfo.processInfo.environment["PORTHOLE_FUZZ_TARGET"] ?? "")
        }
        return fuzzOne(data, size)
    }

    /// One input: a broken promise is reported and aborts, so libFuzzer
    /// saves the input as a crash.
    func fuzzOne(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
        let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
        guard let target = FuzzTargetBox.target else {
            FileHandle.standardError.write(Data("porthole-fuzz: set PORTHOLE_FUZZ_TARGET\n".utf8))
            exit(2)
        }
        do { try target.run(bytes) } catch {
            FileHandle.standardError.write(Data("porthole-fuzz: \(error)\n".utf8))
            abort()
        }
        return 0
    }
#endif
