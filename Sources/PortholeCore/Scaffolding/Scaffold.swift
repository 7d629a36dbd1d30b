import PortholeMarkdown

/// The text of new content files (`porthole new …`): the playbook's standard
/// made into the path of least resistance. Pure functions; the CLI writes.
public enum Scaffold {
    /// Text `porthole new update` writes for the PM to replace; the check
    /// warns while any of it is left (docs/writing-updates.md).
    public static let placeholderHeadline = "[Write: one line, the most important thing this week]"
    /// Every placeholder starts with this, so none can match a PM's own words.
    public static let placeholderMarker = "[Write:"
    public static let placeholderPhrases = [placeholderMarker]

    /// "shopify-plus-build" → "Shopify plus build".
    public static func title(fromSlug slug: String) -> String {
        let words = slug.split(separator: "-").map(String.init)
        guard let first = words.first else { return slug }
        return ([first.prefix(1).uppercased() + first.dropFirst()] + words.dropFirst()).joined(separator: " ")
    }

    /// A YAML scalar in double quotes, safe for any text: what YAML may not
    /// carry as it is (control characters, DEL and C1 controls, U+FFFE and
    /// U+FFFF) or would fold as a line break (NEL, U+2028, U+2029) is
    /// written as an escape, so the value reads back unchanged.
    public static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            default:
                let value = scalar.value
                if value < 0x20 || (0x7F...0x9F).contains(value) {
                    out += "\\x" + String(value, radix: 16, uppercase: true).zeroPadded(to: 2)
                } else if value == 0x2028 || value == 0x2029 || value == 0xFFFE || value == 0xFFFF {
                    out += "\\u" + String(value, radix: 16, uppercase: true)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }

    public static func client(slug: String) -> String {
        """
        name: \(quoted(title(fromSlug: slug)))
        access: link                       # public | link | password (see docs/access.md)
        contacts: []
        #  - { name: Jane Doe, role: Head of Ecommerce, email: jane@example.com }
        # account_manager: Sam Lee
        # brand:
        #   color: "#1f6feb"               # accent colour; too light a colour is darkened for contrast
        #   logo: logo.svg                 # a file in this folder

        """
    }

    public static func project(slug: String, name: String?, playbook: Playbook, pm: String, start: CalendarDate) -> String {
        var text = """
            name: \(quoted(name ?? title(fromSlug: slug)))
            playbook: \(playbook.slug)
            pm: \(quoted(pm))
            start: \(start)

            """
        if let last = playbook.milestones.map(\.week).max() {
            text += "target: \(start.adding(days: last * 7))\n"
        }
        if let phase = playbook.phases.first { text += "phase: \(quoted(phase))\n" }
        text += """
            summary: |
              [Write: one paragraph for the client: what this project delivers and why.]

            """
        if playbook.milestones.isEmpty {
            text += "milestones: []\n"
        } else {
            text += "milestones:                     # the \(playbook.name) standard gates, dated from the start by week\n"
            for milestone in playbook.milestones {
                text += """
                      - id: \(milestone.id)
                        title: \(quoted(milestone.title))
                        due: \(start.adding(days: milestone.week * 7))
                        gate: \(milestone.gate)

                    """
            }
        }
        text += "risks: []\n"
        return text
    }

    /// This week's note: the playbook's sections in order, with prompts
    /// from the project's own data so the PM reports on what matters.
    public static func update(project: Project, playbook: Playbook, date: CalendarDate, today: CalendarDate) -> String {
        let previous = project.updates.last { $0.date < date }
        var text = """
            ---
            status: \(previous?.status.rawValue ?? "green")                      # green | amber | red: this week's RAG
            headline: \(quoted(placeholderHeadline))
            ---

            """
        let lastNext = previous.map { MarkdownNote.items(in: $0.body, section: "Next") } ?? []
        // The note is for the client: what the client can see, at the
        // playbook's high-risk score.
        let health = ProjectHealth(project: project, playbook: playbook, today: today)
        let openRisks = health.openHighRisks.filter { !$0.isInternal }
        let awaiting = health.decisionsAwaitingClient
        let horizon = date.adding(days: 14)
        let dueSoon = project.milestones.filter {
            $0.done == nil && !$0.isInternal && ($0.forecast <= horizon)
        }.sorted { $0.forecast < $1.forecast }

        for section in playbook.update.requiredSections {
            text += "## \(section)\n"
            switch section.lowercased() {
            case "summary":
                let limit = playbook.update.summaryMaxWords.map { " (at most \($0) words)" } ?? ""
                text += "[Write: two sentences for a busy client\(limit): where the project stands and what needs their attention.]\n"
            case "progress":
                if lastNext.isEmpty {
                    text += "- [Write: what was completed this week.]\n"
                } else {
                    text += "[Write: last week's plan below, one line each: done, moved, or dropped and why.]\n\n"
                    text += lastNext.map { "- \($0)" }.joined(separator: "\n") + "\n"
                }
            case "next":
                if dueSoon.isEmpty {
                    text += "- [Write: what happens next week.]\n"
                } else {
                    text +=
                        dueSoon.map { milestone in
                            let state = milestone.state(today: today)
                            let when = state == .overdue ? "overdue since \(milestone.forecast)" : "due \(milestone.forecast)"
                            return "- \(milestone.id) \(milestone.title): \(when)"
                        }.joined(separator: "\n") + "\n"
                }
            case "risks and issues", "risks", "issues", "risks & issues":
                if openRisks.isEmpty {
                    text += "No open risk scores \(health.highRiskScore) or more.\n"
                } else {
                    text +=
                        openRisks.map { "- \($0.id) \($0.title) (score \($0.score)): [Write: what changed this week.]" }.joined(
                            separator: "\n") + "\n"
                }
            case "decisions needed", "decisions":
                if awaiting.isEmpty {
                    text += "None this week.\n"
                } else {
                    text +=
                        awaiting.map { decision in
                            "- \(decision.reference) \(decision.title)" + (decision.due.map { ", answer needed by \($0)" } ?? "")
                        }.joined(separator: "\n") + "\n"
                }
            default:
                text += "- [Write: this week's \(section.lowercased()).]\n"
            }
            text += "\n"
        }
        text += """
            ## Internal
            [Write: notes for the agency only; this section never reaches the client. Delete it if empty.]

            """
        return text
    }

    public static func decision(title: String, date: CalendarDate, due: CalendarDate) -> String {
        """
        ---
        title: \(quoted(title))
        date: \(date)
        status: proposed                  # proposed | accepted | rejected | superseded
        deciders: []
        due: \(due)                  # when the client's answer is needed
        ---
        ## Context
        [Write: what forces the decision, in the client's terms.]

        ## Decision
        [Write: the option proposed, and the options considered.]

        ## Consequences
        [Write: what changes for scope, cost, dates and risk.]

        """
    }

    /// `use-shopify-markets` from a title.
    public static func slug(fromTitle title: String) -> String {
        var slug = ""
        for character in title.lowercased() {
            if character.isASCII && (character.isLetter || character.isNumber) {
                slug.append(character)
            } else if !slug.isEmpty && slug.last != "-" {
                slug.append("-")
            }
        }
        while slug.hasSuffix("-") { slug.removeLast() }
        if slug.count > 50 {
            slug = String(slug.prefix(50))
            while slug.hasSuffix("-") { slug.removeLast() }
        }
        return slug.isEmpty ? "decision" : slug
    }
}
