import Foundation
import PortholeCore

/// Prints diagnostics in the compiler's format, `path:line:col: error: …`,
/// coloured only when standard error is a terminal.
struct DiagnosticPrinter {
    let colour: Bool

    init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        colour = isatty(STDERR_FILENO) == 1 && environment["NO_COLOR"] == nil && environment["TERM"] != "dumb"
    }

    func print(_ log: DiagnosticLog) {
        for diagnostic in log.sorted { printLine(format(diagnostic)) }
    }

    func format(_ diagnostic: Diagnostic) -> String {
        let location = diagnostic.location.map { "\($0): " } ?? "porthole: "
        let severity = diagnostic.severity.rawValue
        guard colour else { return "\(location)\(severity): \(diagnostic.message)" }
        let code = diagnostic.severity == .error ? "\u{1B}[1;31m" : "\u{1B}[1;33m"
        return "\u{1B}[1m\(location)\u{1B}[0m\(code)\(severity):\u{1B}[0m \(diagnostic.message)"
    }

    func printLine(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }
}
