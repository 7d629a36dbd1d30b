import Crypto
import Foundation
import PortholeCore

/// An e-mail address with an optional display name.
public struct MailAddress: Sendable, Equatable {
    public var name: String?
    public var address: String

    public init(name: String?, address: String) {
        self.name = name
        self.address = address
    }
}

/// A ready-to-send message (RFC 5322) with a plain-text and an HTML
/// alternative (RFC 2046 `multipart/alternative`), both UTF-8 in
/// quoted-printable (RFC 2045). Header words outside ASCII are RFC 2047
/// encoded-words. Every line ends in CRLF and is at most 78 characters, so
/// any SMTP server takes the file as it is (`porthole digest`,
/// docs/client-email.md).
public struct MIMEMessage: Sendable {
    public var from: MailAddress
    public var to: [MailAddress]
    public var subject: String
    /// The day the message is dated; 08:00 UTC, so a build does not depend
    /// on the clock (docs/architecture.md, "Reproducibility").
    public var date: CalendarDate
    /// Without the angle brackets: `digest.2026-11-27.acme.en@status.example`.
    public var messageID: String
    public var text: String
    public var html: String

    public init(
        from: MailAddress, to: [MailAddress], subject: String, date: CalendarDate, messageID: String, text: String, html: String
    ) {
        self.from = from
        self.to = to
        self.subject = subject
        self.date = date
        self.messageID = messageID
        self.text = text
        self.html = html
    }

    public func bytes() -> [UInt8] {
        let textPart = Self.quotedPrintable(text)
        let htmlPart = Self.quotedPrintable(html)
        // "=_" never occurs in quoted-printable text ("=" is followed by two
        // hex digits or a line break), so the boundary cannot be in a part.
        let digest = SHA256.hash(data: Array((text + html).utf8)).hex.prefix(24)
        let boundary = "=_porthole_" + digest
        var lines: [String] = []
        lines += MailHeader.field("From", MailHeader.addresses([from]))
        lines += MailHeader.field("To", MailHeader.addresses(to))
        lines += MailHeader.field("Subject", MailHeader.unstructured(subject))
        lines.append("Date: " + Self.dateText(date))
        lines += MailHeader.field("Message-ID", ["<\(messageID)>"])
        lines.append("MIME-Version: 1.0")
        lines.append("Content-Type: multipart/alternative;")
        lines.append(" boundary=\"\(boundary)\"")
        lines.append("")
        lines.append("This is a message in MIME format, with a plain-text and an HTML version.")
        for (type, body) in [("text/plain", textPart), ("text/html", htmlPart)] {
            lines.append("")
            lines.append("--" + boundary)
            lines.append("Content-Type: \(type); charset=utf-8")
            lines.append("Content-Transfer-Encoding: quoted-printable")
            lines.append("")
            lines += body
        }
        lines.append("")
        lines.append("--" + boundary + "--")
        lines.append("")
        return Array(lines.joined(separator: "\r\n").utf8)
    }

    /// `Fri, 27 Nov 2026 08:00:00 +0000` (RFC 5322 section 3.3).
    static func dateText(_ date: CalendarDate) -> String {
        let days = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        let day = date.day < 10 ? "0\(date.day)" : "\(date.day)"
        return "\(days[date.weekday]), \(day) \(months[date.month - 1]) \(date.year) 08:00:00 +0000"
    }

    /// Quoted-printable lines (RFC 2045 section 6.7): line breaks become
    /// CRLF, lines longer than 76 characters end in a soft break `=`, and a
    /// space or tab before a line break is encoded so no server strips it.
    static func quotedPrintable(_ text: String) -> [String] {
        let hex = Array("0123456789ABCDEF".utf8)
        var lines: [String] = []
        for line in MailtoLink.crlf(text).split(separator: "\r\n", omittingEmptySubsequences: false) {
            var current: [UInt8] = []
            current.reserveCapacity(80)
            let bytes = Array(line.utf8)
            for (index, byte) in bytes.enumerated() {
                let last = index == bytes.count - 1
                let literal =
                    byte == 0x20 || byte == 0x09 ? !last : byte >= 33 && byte <= 126 && byte != UInt8(ascii: "=")
                // 75 characters and a soft break "=" make 76.
                if current.count + (literal ? 1 : 3) > (last ? 76 : 75) {
                    current.append(UInt8(ascii: "="))
                    lines.append(String(decoding: current, as: UTF8.self))
                    current.removeAll(keepingCapacity: true)
                }
                if literal {
                    current.append(byte)
                } else {
                    current += [UInt8(ascii: "="), hex[Int(byte >> 4)], hex[Int(byte & 15)]]
                }
            }
            lines.append(String(decoding: current, as: UTF8.self))
        }
        return lines
    }
}

/// Header fields: folded at 78 characters, with RFC 2047 encoded-words for
/// text outside printable ASCII.
enum MailHeader {
    /// `Name: ` and the value's pieces, joined with spaces, folded before a
    /// piece that would make the line longer than 78 (the first one too:
    /// RFC 5322 allows folding white space after the colon).
    static func field(_ name: String, _ pieces: [String]) -> [String] {
        var lines: [String] = []
        var current = name + ":"
        for piece in pieces {
            if current.utf8.count + 1 + piece.utf8.count > 78 {
                lines.append(current)
                current = " " + piece
            } else {
                current += " " + piece
            }
        }
        lines.append(current)
        return lines
    }

    /// `"Karen Lund" <karen@…>,` as pieces that may be folded between.
    static func addresses(_ list: [MailAddress]) -> [String] {
        var pieces: [String] = []
        for (index, address) in list.enumerated() {
            var own: [String] = []
            if let name = address.name, !name.isEmpty {
                // A quoted name cannot be folded: a long one is encoded-words.
                own += isPlainASCII(name) && name.utf8.count <= 60 ? [quoted(name)] : encodedWords(name)
            }
            own.append("<\(address.address)>")
            if index < list.count - 1 { own[own.count - 1] += "," }
            pieces += own
        }
        return pieces
    }

    /// A subject: as it is when it is short printable ASCII, else as
    /// encoded-words (which also keeps "=?" in a subject from being decoded).
    static func unstructured(_ text: String) -> [String] {
        let oneLine = text.split(whereSeparator: \.isNewline).joined(separator: " ")
        if isPlainASCII(oneLine) && !oneLine.contains("=?") && oneLine.utf8.count <= 60 { return [oneLine] }
        return encodedWords(oneLine)
    }

    static func isPlainASCII(_ text: String) -> Bool { text.utf8.allSatisfy { $0 >= 0x20 && $0 < 0x7F } }

    static func quoted(_ text: String) -> String {
        var out = "\""
        for character in text {
            if character == "\"" || character == "\\" { out.append("\\") }
            out.append(character)
        }
        return out + "\""
    }

    /// `=?UTF-8?B?…?=` words, each holding whole characters (RFC 2047
    /// section 5): 39 bytes of text make 52 of base64, a word of 64, which
    /// fits on the first line after the longest field name here
    /// ("Subject: ") within 78 characters; RFC 2047 allows 75.
    static func encodedWords(_ text: String) -> [String] {
        var words: [String] = []
        var chunk: [UInt8] = []
        for scalar in text.unicodeScalars {
            let bytes = Array(String(scalar).utf8)
            if chunk.count + bytes.count > 39 {
                words.append(word(chunk))
                chunk = []
            }
            chunk += bytes
        }
        if !chunk.isEmpty || words.isEmpty { words.append(word(chunk)) }
        return words
    }

    private static func word(_ bytes: [UInt8]) -> String { "=?UTF-8?B?" + Data(bytes).base64EncodedString() + "?=" }
}
