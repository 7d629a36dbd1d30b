import PortholeCore
import PortholeMarkdown

/// `feed.xml`: Atom 1.0 (RFC 4287), an entry per weekly update and per
/// decision, newest first. Ids are tag URIs built from slugs and dates, so
/// they stay the same when a link secret rotates.
struct AtomFeed {
    let portal: Portal
    let client: Client
    let project: Project
    let links: ProjectLinks
    let dates: DateText
    let words: ThemeStrings

    private struct Entry {
        let id: String
        let title: String
        let updated: CalendarDate
        let link: String
        /// An update's status line, before its note: escaped apart from it,
        /// which gives the same bytes (the escaping goes byte by byte, and
        /// each is a whole string).
        var lead = ""
        let html: String
        let category: String
    }

    func render() -> [UInt8] {
        let tagBase = "tag:\(links.host),\(project.start.year):\(client.slug)/\(project.slug)"
        let statusLines = Dictionary(uniqueKeysWithValues: RAGStatus.allCases.map { ($0, statusLine($0)) })
        var entries: [Entry] = project.updates.map { update in
            Entry(
                id: "\(tagBase)/updates/\(update.date)",
                title: words.format(.feedUpdateTitle, ["date": dates.medium(update.date), "headline": update.headline]),
                updated: update.date, link: links.updateURL(update.date), lead: statusLines[update.status] ?? "",
                html: update.note.html, category: "update")
        }
        entries += project.decisions.map { decision in
            Entry(
                id: "\(tagBase)/decisions/\(decision.paddedNumber)",
                title: words.feedTitle(decision),
                updated: decision.date, link: links.decisionURL(decision), html: decision.note.html, category: "decision")
        }
        entries.sort { ($0.updated, $0.id) > ($1.updated, $1.id) }
        let updated = entries.first?.updated ?? project.start
        // Built as bytes: the entries hold every update's HTML, escaped.
        var xml: [UInt8] = []
        xml.reserveCapacity(entries.reduce(2048) { $0 + $1.html.utf8.count + $1.html.utf8.count / 4 + 640 })
        func raw(_ text: String) { xml += text.utf8 }
        func text(_ text: String) { Escape.xml(text, into: &xml) }
        raw("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"")
        text(client.locale ?? portal.site.locale)
        raw("\">\n  <id>")
        text(tagBase)
        raw("</id>\n  <title>")
        text(words.format(.feedTitle, ["project": project.name, "client": client.name]))
        raw("</title>\n  <subtitle>")
        text(words.format(.feedSubtitle, ["agency": portal.agency.name]))
        raw("</subtitle>\n  <updated>\(updated)T00:00:00Z</updated>\n  <link rel=\"self\" type=\"application/atom+xml\" href=\"")
        text(links.feedURL)
        raw("\"/>\n  <link rel=\"alternate\" type=\"text/html\" href=\"")
        text(links.projectURL)
        raw("\"/>\n  <author><name>")
        text(portal.agency.name)
        raw("</name></author>\n  <generator version=\"\(PortholeInfo.version)\">Porthole</generator>\n")
        for entry in entries {
            raw("  <entry>\n    <id>")
            text(entry.id)
            raw("</id>\n    <title>")
            text(entry.title)
            raw("</title>\n    <updated>\(entry.updated)T00:00:00Z</updated>\n    <link rel=\"alternate\" type=\"text/html\" href=\"")
            text(entry.link)
            raw("\"/>\n    <category term=\"\(entry.category)\"/>\n    <content type=\"html\">")
            text(entry.lead)
            text(entry.html)
            raw("</content>\n  </entry>\n")
        }
        raw("</feed>\n")
        return xml
    }

    /// An update entry's first line, as HTML: the theme's words, escaped.
    func statusLine(_ status: RAGStatus) -> String {
        let label = Escape.xml(words.format(.feedUpdateStatus, ["status": words.label(status)]))
        let meaning = Escape.xml(words.format(.feedUpdateMeaning, ["meaning": words.meaning(status)]))
        return "<p><strong>\(label)</strong> \(meaning)</p>\n"
    }
}
