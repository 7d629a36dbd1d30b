import Foundation
import PortholeCore
import Testing

@testable import PortholeSite

/// The weekly e-mail's writer (`MIMEMessage`) and the portal's sign-off
/// links (`MailtoLink`): what RFC 5322, 2045, 2047 and 6068 ask, checked by
/// decoding what was written.
struct MIMEMessageTests {
    let awkward = [
        "", "Plain ASCII line", "Ünïcödé — with dashes “quotes” and emoji 🚀👩🏽‍💻",
        String(repeating: "é", count: 300), String(repeating: "a", count: 500) + " ", "trailing tab\t", "a=b =?UTF-8?B?x?= c",
        "line one\nline two\r\nline three\rend", "From the start\n.dot line\n--boundary-like\n", String(repeating: "ab ", count: 90),
    ]

    func message(subject: String, text: String, html: String, names: [String] = ["Karen Lund"]) -> MIMEMessage {
        MIMEMessage(
            from: MailAddress(name: "Northwind Commerce", address: "pmo@northwind.example"),
            to: names.enumerated().map { MailAddress(name: $1, address: "person\($0)@client.example") },
            subject: subject, date: CalendarDate(iso: "2026-11-27")!, messageID: "digest.2026-11-27.acme.en@status.example",
            text: text, html: html)
    }

    /// The message's lines, split at CRLF; fails on a bare CR or LF.
    func lines(_ bytes: [UInt8]) -> [String] {
        let text = String(decoding: bytes, as: UTF8.self)
        let lines = text.components(separatedBy: "\r\n")
        for line in lines {
            #expect(!line.contains("\r") && !line.contains("\n"), "bare CR or LF in \(line.debugDescription)")
        }
        return lines
    }

    func decodeQuotedPrintable(_ lines: [String]) -> String {
        var bytes: [UInt8] = []
        for (index, line) in lines.enumerated() {
            var chars = Array(line.utf8)
            let soft = chars.last == UInt8(ascii: "=")
            if soft { chars.removeLast() }
            var i = 0
            while i < chars.count {
                if chars[i] == UInt8(ascii: "="), i + 2 < chars.count {
                    let hex = String(decoding: chars[(i + 1)...(i + 2)], as: UTF8.self)
                    bytes.append(UInt8(hex, radix: 16)!)
                    i += 3
                } else {
                    bytes.append(chars[i])
                    i += 1
                }
            }
            if !soft && index < lines.count - 1 { bytes += [0x0A] }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    func normalisedBreaks(_ text: String) -> String {
        text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
    }

    @Test func test_everyLineIsCRLFAndAtMost78Characters() {
        for sample in awkward {
            let names = ["Ünïcödé Person with a rather long name indeed", "Plain \"Quoted\" Name", sample]
            let bytes = message(subject: sample, text: sample, html: "<p>\(sample)</p>", names: names).bytes()
            for line in lines(bytes) {
                #expect(line.utf8.count <= 78, "line of \(line.utf8.count): \(line)")
            }
        }
    }

    @Test func test_quotedPrintableDecodesToTheText() {
        for sample in awkward {
            let encoded = MIMEMessage.quotedPrintable(sample)
            #expect(decodeQuotedPrintable(encoded) == normalisedBreaks(sample), "round trip of \(sample.debugDescription)")
            for line in encoded {
                #expect(line.utf8.count <= 76)
                #expect(line.utf8.allSatisfy { $0 >= 0x20 && $0 < 0x7F || $0 == 0x09 })
                #expect(!line.hasSuffix(" ") && !line.hasSuffix("\t"), "whitespace at a line's end: \(line)")
            }
        }
    }

    @Test func test_boundaryNeverOccursInAPart() {
        for sample in awkward {
            let bytes = message(subject: "s", text: sample, html: sample).bytes()
            let all = lines(bytes)
            let header = all.first { $0.hasPrefix(" boundary=") }!
            let boundary = String(header.dropFirst(" boundary=\"".count).dropLast())
            // Delimiters: two parts and the close, and nowhere else.
            #expect(all.filter { $0 == "--" + boundary }.count == 2)
            #expect(all.filter { $0 == "--" + boundary + "--" }.count == 1)
            #expect(all.filter { $0.contains(boundary) }.count == 4)
        }
    }

    /// Decodes a header's encoded-words (RFC 2047, B only) after unfolding.
    func decodeHeader(_ lines: [String], _ name: String) -> String? {
        guard let start = lines.firstIndex(where: { $0.hasPrefix(name + ": ") }) else { return nil }
        var value = String(lines[start].dropFirst(name.count + 2))
        var next = start + 1
        while next < lines.count, lines[next].hasPrefix(" ") {
            value += lines[next]
            next += 1
        }
        let parts = value.split(separator: " ")
        guard parts.allSatisfy({ $0.hasPrefix("=?UTF-8?B?") && $0.hasSuffix("?=") }) else { return value }
        var bytes: [UInt8] = []
        for part in parts {
            #expect(part.utf8.count <= 75, "encoded-word of \(part.utf8.count) characters")
            let data = Data(base64Encoded: String(part.dropFirst(10).dropLast(2)))!
            // Each word holds whole characters.
            #expect(String(data: data, encoding: .utf8) != nil)
            bytes += data
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    @Test func test_subjectOutsideASCIIIsEncodedWordsThatDecodeToIt() {
        for subject in [
            "Acme — weekly status, 27 Nov: Amber", String(repeating: "Ünïcödé 🚀 ", count: 12), "Short ASCII", "a=b =?UTF-8?B?x?= c",
        ] {
            let all = lines(message(subject: subject, text: "", html: "").bytes())
            #expect(decodeHeader(all, "Subject") == subject)
        }
        let all = lines(message(subject: "Short ASCII", text: "", html: "").bytes())
        #expect(all.contains("Subject: Short ASCII"))
        #expect(all.contains("Date: Fri, 27 Nov 2026 08:00:00 +0000"))
        #expect(all.contains("Message-ID: <digest.2026-11-27.acme.en@status.example>"))
    }

    @Test func test_mailtoEncodesEveryValueAndUsesCRLF() {
        let link = MailtoLink(
            to: ["sam.lee@northwind.example"], cc: ["marta+pm@northwind.example"],
            subject: "Approved: M6 Cutover go/no-go & more? #1 ünï",
            body: "Dear Sam,\n\nWe approve \"M6\" 100%.\nReference: a/b/M6")
        let uri = link.uri
        #expect(uri.hasPrefix("mailto:sam.lee@northwind.example?cc=marta%2Bpm@northwind.example&subject="))
        // Nothing outside the unreserved set, `@`, `%`, and the URI's own delimiters.
        let allowed = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~@%:?=&,")
        #expect(uri.allSatisfy { allowed.contains($0) }, "unexpected character in \(uri)")
        let query = uri.split(separator: "?", maxSplits: 1)[1]
        var fields: [String: String] = [:]
        for pair in query.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1)
            fields[String(parts[0])] = String(parts[1]).removingPercentEncoding
        }
        #expect(fields["subject"] == link.subject)
        #expect(fields["body"] == "Dear Sam,\r\n\r\nWe approve \"M6\" 100%.\r\nReference: a/b/M6")
        #expect(fields["cc"] == "marta+pm@northwind.example")
    }
}
