import ArgumentParser
import Foundation
import PortholeCore

/// How diagnostics are printed: chosen at the edge, never in the engine.
enum DiagnosticFormat: String, ExpressibleByArgument, CaseIterable {
    /// `path:line:col: warning: message`, coloured on a terminal.
    case human
    /// One JSON object per line on standard output (docs/diagnostics.md).
    case json
    /// GitHub Actions workflow commands (`::error file=…,line=…,col=…::…`).
    case github
}

/// Options shared by `build` and `check` for reporting.
struct ReportingOptions: ParsableArguments {
    @Option(help: "Diagnostics format: human, json or github. Default: github when GITHUB_ACTIONS=true, else human.")
    var format: DiagnosticFormat?

    @Flag(help: "Treat warnings as errors: exit 1 when there is any warning.")
    var strict = false

    func printer(environment: [String: String] = ProcessInfo.processInfo.environment) -> DiagnosticPrinter {
        let chosen = format ?? (environment["GITHUB_ACTIONS"] == "true" ? .github : .human)
        return DiagnosticPrinter(format: chosen, environment: environment)
    }

    /// Whether the run failed: errors always, warnings under `--strict`.
    func failed(_ log: DiagnosticLog) -> Bool {
        log.hasErrors || (strict && log.warningCount > 0)
    }
}

struct DiagnosticPrinter {
    let format: DiagnosticFormat
    let colour: Bool

    init(format: DiagnosticFormat = .human, environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.format = format
        colour = format == .human && isatty(STDERR_FILENO) == 1 && (environment["NO_COLOR"] ?? "").isEmpty && environment["TERM"] != "dumb"
    }

    func print(_ log: DiagnosticLog) {
        // One write per 64 KiB, not one per line: a generated corpus has
        // thousands of warnings, and the one-update rebuild is a fraction of
        // a second.
        var pending: [UInt8] = []
        for diagnostic in log.sorted {
            switch format {
            case .human:
                if colour {
                    pending += human(diagnostic).utf8
                } else {
                    appendPlain(diagnostic, to: &pending)
                }
                pending.append(UInt8(ascii: "\n"))
                if pending.count >= 65_536 {
                    FileHandle.standardError.write(Data(pending))
                    pending.removeAll(keepingCapacity: true)
                }
            case .github: Swift.print(github(diagnostic))
            case .json: Swift.print(json(diagnostic))
            }
        }
        if !pending.isEmpty { FileHandle.standardError.write(Data(pending)) }
    }

    func human(_ diagnostic: Diagnostic) -> String {
        let location = diagnostic.location.map { "\($0): " } ?? "porthole: "
        let severity = diagnostic.severity.rawValue
        guard colour else { return "\(location)\(severity): \(diagnostic.message)" }
        let code = diagnostic.severity == .error ? "\u{1B}[1;31m" : "\u{1B}[1;35m"
        return "\u{1B}[1m\(location)\u{1B}[0m\(code)\(severity):\u{1B}[0m \(diagnostic.message)"
    }

    /// `human` without colour, as bytes: what CI logs and redirected runs
    /// print, thousands of lines a build, without a `String` each.
    func appendPlain(_ diagnostic: Diagnostic, to out: inout [UInt8]) {
        if let location = diagnostic.location {
            out += location.file.utf8
            out.append(UInt8(ascii: ":"))
            out += String(location.line).utf8
            out.append(UInt8(ascii: ":"))
            out += String(location.column).utf8
        } else {
            out += "porthole".utf8
        }
        out += ": ".utf8
        out += diagnostic.severity.rawValue.utf8
        out += ": ".utf8
        out += diagnostic.message.utf8
    }

    /// https://docs.github.com/actions/reference/workflow-commands-for-github-actions
    func github(_ diagnostic: Diagnostic) -> String {
        func escapeData(_ text: String) -> String {
            text.replacingOccurrences(of: "%", with: "%25").replacingOccurrences(of: "\r", with: "%0D")
                .replacingOccurrences(of: "\n", with: "%0A")
        }
        func escapeProperty(_ text: String) -> String {
            escapeData(text).replacingOccurrences(of: ":", with: "%3A").replacingOccurrences(of: ",", with: "%2C")
        }
        var properties: [String] = []
        if let location = diagnostic.location {
            properties += ["file=\(escapeProperty(location.file))", "line=\(location.line)", "col=\(location.column)"]
        }
        properties.append("title=\(escapeProperty("porthole " + diagnostic.code))")
        return "::\(diagnostic.severity.rawValue) \(properties.joined(separator: ","))::\(escapeData(diagnostic.message))"
    }

    struct JSONDiagnostic: Encodable {
        let severity: String
        let code: String
        let message: String
        let file: String?
        let line: Int?
        let column: Int?
        let client: String?
    }

    func json(_ diagnostic: Diagnostic) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let value = JSONDiagnostic(
            severity: diagnostic.severity.rawValue, code: diagnostic.code, message: diagnostic.message,
            file: diagnostic.location?.file, line: diagnostic.location?.line,
            column: diagnostic.location?.column, client: diagnostic.client)
        return String(decoding: (try? encoder.encode(value)) ?? Data(), as: UTF8.self)
    }

    /// "2 errors, 3 warnings (acme: 2 errors, 1 warning; beta: 2 warnings)".
    static func summary(_ log: DiagnosticLog, limit: Int = 8) -> String {
        func counts(_ entries: [Diagnostic]) -> String {
            let errors = entries.filter { $0.severity == .error }.count
            let warnings = entries.count - errors
            return "\(errors) error\(errors == 1 ? "" : "s"), \(warnings) warning\(warnings == 1 ? "" : "s")"
        }
        let byClient = Dictionary(grouping: log.entries.filter { $0.client != nil }, by: { $0.client! })
        let errorsOf = byClient.mapValues { entries in entries.filter { $0.severity == .error }.count }
        // Errors first, then the most warnings; a long tail is summarised.
        let ranked = byClient.keys.sorted {
            (errorsOf[$0]!, byClient[$0]!.count, $1) > (errorsOf[$1]!, byClient[$1]!.count, $0)
        }
        var perClient = ranked.prefix(limit).map { "\($0): \(counts(byClient[$0]!))" }
        if ranked.count > limit { perClient.append("and \(ranked.count - limit) more client\(ranked.count - limit == 1 ? "" : "s")") }
        return counts(log.entries) + (perClient.isEmpty ? "" : " (" + perClient.joined(separator: "; ") + ")")
    }

    func printLine(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }
}
