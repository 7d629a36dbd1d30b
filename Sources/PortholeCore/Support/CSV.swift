/// RFC 4180 CSV: fields separated by commas, quoted with `"` when they hold
/// a comma, a quote (doubled) or a line break. Each record keeps the line
/// it starts on, for `file:line` errors. Written by hand: Foundation has no
/// CSV reader, and the files are small.
public enum CSV {
    public struct Record: Sendable, Equatable {
        /// 1-based line of the file where the record starts.
        public let line: Int
        public let fields: [String]
    }

    public enum Problem: Error, Equatable {
        /// A quoted field that never closes; the line it opened on.
        case unclosedQuote(line: Int)
    }

    /// Every record of `text`; blank lines are skipped. A byte-order mark is
    /// dropped.
    public static func parse(_ text: String) -> Result<[Record], Problem> {
        var records: [Record] = []
        var fields: [String] = []
        var field = ""
        var line = 1
        var recordLine = 1
        var quoted = false
        var quoteLine = 1
        var chars = Array(text.unicodeScalars)
        if chars.first == "\u{FEFF}" { chars.removeFirst() }
        var index = 0
        func endRecord() {
            fields.append(field)
            field = ""
            if !(fields.count == 1 && fields[0].isEmpty) { records.append(Record(line: recordLine, fields: fields)) }
            fields = []
        }
        while index < chars.count {
            let c = chars[index]
            index += 1
            if quoted {
                if c == "\"" {
                    if index < chars.count, chars[index] == "\"" {
                        field.unicodeScalars.append("\"")
                        index += 1
                    } else {
                        quoted = false
                    }
                } else {
                    if c == "\n" { line += 1 }
                    field.unicodeScalars.append(c)
                }
                continue
            }
            switch c {
            case "\"" where field.isEmpty:
                quoted = true
                quoteLine = line
            case ",":
                fields.append(field)
                field = ""
            case "\r":
                continue
            case "\n":
                endRecord()
                line += 1
                recordLine = line
            default:
                field.unicodeScalars.append(c)
            }
        }
        if quoted { return .failure(.unclosedQuote(line: quoteLine)) }
        if !field.isEmpty || !fields.isEmpty { endRecord() }
        return .success(records)
    }

    /// One record as a line, quoting where needed.
    public static func line(_ fields: [String]) -> String {
        fields.map { field in
            field.contains(where: { $0 == "," || $0 == "\"" || $0.isNewline })
                ? "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : field
        }.joined(separator: ",") + "\n"
    }
}
