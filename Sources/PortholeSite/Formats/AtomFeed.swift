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

    private struct Entry {
        let id: String
        let title: String
        let updated: CalendarDate
        let link: String
        let html: String
        let category: String
    }

    func render() -> String {
        let tagBase = "tag:\(links.host),\(project.start.year):\(client.slug)/\(project.slug)"
        var entries: [Entry] = project.updates.map { update in
            Entry(id: "\(tagBase)/updates/\(update.date)",
                  title: "\(dates.medium(update.date)): \(update.headline)",
                  updated: update.date, link: links.updateURL(update.date),
                  html: "<p><strong>Status: \(update.status.label)</strong> (\(update.status.meaning))</p>\n" + update.note.html,
                  category: "update")
        }
        entries += project.decisions.map { decision in
            Entry(id: "\(tagBase)/decisions/\(decision.paddedNumber)",
                  title: "\(decision.reference) \(decision.status.label.lowercased()): \(decision.title)",
                  updated: decision.date, link: links.decisionURL(decision), html: decision.note.html, category: "decision")
        }
        entries.sort { ($0.updated, $0.id) > ($1.updated, $1.id) }
        let updated = entries.first?.updated ?? project.start
        var xml = """
        <?xml version="1.0" encoding="utf-8"?>
        <feed xmlns="http://www.w3.org/2005/Atom" xml:lang="\(Escape.xml(portal.site.locale))">
          <id>\(Escape.xml(tagBase))</id>
          <title>\(Escape.xml("\(project.name) · \(client.name)"))</title>
          <subtitle>\(Escape.xml("Weekly status updates and decisions from \(portal.agency.name)"))</subtitle>
          <updated>\(updated)T00:00:00Z</updated>
          <link rel="self" type="application/atom+xml" href="\(Escape.xml(links.feedURL))"/>
          <link rel="alternate" type="text/html" href="\(Escape.xml(links.projectURL))"/>
          <author><name>\(Escape.xml(portal.agency.name))</name></author>
          <generator version="\(PortholeInfo.version)">Porthole</generator>

        """
        for entry in entries {
            xml += """
              <entry>
                <id>\(Escape.xml(entry.id))</id>
                <title>\(Escape.xml(entry.title))</title>
                <updated>\(entry.updated)T00:00:00Z</updated>
                <link rel="alternate" type="text/html" href="\(Escape.xml(entry.link))"/>
                <category term="\(entry.category)"/>
                <content type="html">\(Escape.xml(entry.html))</content>
              </entry>

            """
        }
        return xml + "</feed>\n"
    }
}

/// The tool's identity in generated files.
public enum PortholeInfo {
    public static let version = "0.1.0"
}
