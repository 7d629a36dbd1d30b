import PortholeCore
import PortholeMarkdown

/// The pages of one project's portal. `project` is already client-visible.
struct ProjectView {
    let portal: PortalView
    let project: Project
    let playbook: Playbook?
    /// Of the client-visible project: what the client's pages say about it.
    let health: ProjectHealth
    /// The header facts at each page depth (0 to 3): the same on all ~70
    /// pages of a project, so made once each.
    private var summaries: [PageContext] = []
    /// Every update as a row, seen from one update's page: each such page
    /// shows its own row and its neighbours'.
    private var updateRows: [PageContext] = []
    /// The subscribe links at each page depth (0 to 3), when the portal
    /// publishes feeds.
    private var subscriptions: [PageContext] = []
    /// What the ids in notes and decisions link to, by page depth, made
    /// for the depths that show notes: the overview's latest update (1) and
    /// an update's or a decision's own page (3).
    private var referencesByDepth: [Int: CrossReferences] = [:]
    /// The layout of a page for one update or one decision: the same for
    /// every record of its section but for the title, so made once each.
    private var recordLayouts: [ProjectSection: PageContext] = [:]
    /// The RAG history chart on the overview (depth 1) and on the list of
    /// updates (depth 2), drawn once for both.
    private var histories: [Int: String] = [:]
    /// The milestone timeline on the overview and on the milestones page,
    /// by id prefix, drawn once for both.
    private var timelines: [String: String] = [:]
    /// The sign-off e-mails' maker; nil when the account manager has no
    /// address (`SignOffRecipients`): then no links, rather than broken ones.
    private(set) var mail: ClientActionMail?

    init(portal: PortalView, project: Project, playbook: Playbook?) {
        self.portal = portal
        self.project = project
        self.playbook = playbook
        health = ProjectHealth(project: project, playbook: playbook, today: portal.today)
        mail = SignOffRecipients(client: portal.client, project: project, people: portal.portal.people).map {
            ClientActionMail(client: portal.client, project: project, recipients: $0, words: portal.words)
        }
        summaries = (0...3).map { summary(depth: PageDepth(belowClient: $0)) }
        updateRows = project.updates.map { portal.updateRow($0, depth: PageDepth(belowClient: 3)) }
        for belowClient in [1, 3] {
            referencesByDepth[belowClient] = CrossReferenceTargets.of(project, depth: PageDepth(belowClient: belowClient))
        }
        if portal.publishesFeeds {
            let links = ProjectLinks(baseURL: portal.portal.site.baseURL, folder: portal.folder, project: project.slug)
            let webcal = "webcal://" + links.calendarURL.drop(while: { $0 != ":" }).dropFirst(3)
            subscriptions = (0...3).map { belowClient in
                let depth = PageDepth(belowClient: belowClient)
                return [
                    "feed": depth.toProject + "feed.xml",
                    "calendar": links.calendarURL,
                    "webcal": webcal,
                    "status": depth.toProject + "status.json",
                ] as PageContext
            }
        }
        let prefixes = [Self.overviewTimeline, ""]
        if let drawn = timeline(idPrefixes: prefixes) {
            timelines = Dictionary(uniqueKeysWithValues: zip(prefixes, drawn))
        }
        // The overview (depth 1) and the list of updates (depth 2).
        let shown = [1, 2]
        if let drawn = history(depths: shown.map { PageDepth(belowClient: $0) }) {
            histories = Dictionary(uniqueKeysWithValues: zip(shown, drawn))
        }
        // Last: a layout reads the summaries and the subscribe links above.
        for section in [ProjectSection.updates, .decisions] {
            recordLayouts[section] = untitledLayout(section, depth: Self.recordDepth, extra: Self.recordCrumb)
        }
    }

    var today: CalendarDate { portal.today }
    var dates: DateText { portal.dates }
    var words: ThemeStrings { portal.words }

    func layout(_ title: String, _ section: ProjectSection, depth: PageDepth, extra: [(String, String)] = []) -> PageContext {
        titled(untitledLayout(section, depth: depth, extra: extra), title)
    }

    /// A project page's layout but for its title and heading, which only
    /// `titled` sets: the rest is the same on every page of a section at a
    /// depth, so an update's or a decision's page starts from its section's
    /// copy (`recordLayouts`).
    private func untitledLayout(_ section: ProjectSection, depth: PageDepth, extra: [(String, String)]) -> PageContext {
        var crumbs: [(String, String)] = [(portal.client.name, depth.toClient + "index.html")]
        if section != .overview || !extra.isEmpty {
            crumbs.append((project.name, depth.toProject + "index.html"))
        }
        if !extra.isEmpty { crumbs.append((words.title(section), depth.toProject + section.path)) }
        var context = portal.layout(title: "", depth: depth, breadcrumbs: crumbs, project: project, section: section)
        context["project"] = summaries.indices.contains(depth.belowClient) ? summaries[depth.belowClient] : summary(depth: depth)
        if portal.publishesFeeds {
            context["feedLink"] = depth.toProject + "feed.xml"
            context["feedTitle"] = words.format(.projectFeedTitle, ["project": project.name])
            context["subscribe"] = subscriptions[depth.belowClient]
        }
        return context
    }

    /// A layout with the page's title (the document's) and heading.
    private func titled(_ layout: consuming PageContext, _ title: String) -> PageContext {
        var context = layout
        context["title"] = pageTitle(title)
        context["heading"] = title
        return context
    }

    /// The document's title: the page's own, the project's, the client's.
    private func pageTitle(_ title: String) -> String {
        ([title] + (title == project.name ? [] : [project.name]) + [portal.client.name]).joined(separator: " · ")
    }

    /// Where an update's or a decision's own page sits.
    private static let recordDepth = PageDepth(belowClient: 3)

    /// The layout of one update's or one decision's page (`layout` with a
    /// breadcrumb to the section), from the section's copy; made on the spot
    /// only for a section `init` did not prepare.
    private func recordLayout(_ title: String, _ section: ProjectSection) -> PageContext {
        titled(recordLayouts[section] ?? untitledLayout(section, depth: Self.recordDepth, extra: Self.recordCrumb), title)
    }

    /// A record page's breadcrumbs end with its section.
    private static let recordCrumb = [("", "")]

    /// Facts shown in every project page's header.
    func summary(depth: PageDepth) -> PageContext {
        var facts: PageContext = [
            "name": project.name,
            "pm": project.pm,
            "start": dates.medium(project.start),
            "startISO": project.start.description,
        ]
        if let target = project.target {
            facts["target"] = dates.medium(target)
            facts["targetISO"] = target.description
        }
        if let phase = project.phase { facts["phase"] = phase }
        if let playbook {
            facts["playbook"] = playbook.name
            // The playbook's phases as a progress track, the current one marked.
            if let phase = project.phase, let current = playbook.phases.firstIndex(of: phase) {
                facts["phases"] =
                    [
                        "items": playbook.phases.enumerated().map { index, name in
                            [
                                "name": name,
                                "step": index + 1,
                                "state": index < current ? "done" : index == current ? "current" : "upcoming",
                                "current": index == current,
                            ] as PageContext
                        }, "count": playbook.phases.count,
                    ] as PageContext
            }
        }
        if let latest = project.latestUpdate {
            facts.merge(portal.records.latest(latest)) { _, new in new }
            if let days = health.staleDays {
                facts["stale"] = words.format(.projectStale, ["days": String(days)])
                facts["staleDays"] = days
            }
        }
        return facts
    }

    // MARK: Rows with sign-off actions

    /// A milestone's row; a gate still to sign off gets the two e-mail
    /// actions. Internal items are not in this project at all, and are
    /// checked again: they never get a link.
    func milestoneRow(_ milestone: Milestone) -> PageContext {
        var row = portal.records.milestone(milestone)
        if let mail, milestone.awaitsSignOff, !milestone.isInternal {
            let item = ClientActionMail.Item(kind: words[.signOffKindGate], id: milestone.id, title: milestone.title)
            row["signOff"] = mail.signOffActions(item)
        }
        return row
    }

    /// A decision's row; a proposed one gets the two e-mail actions.
    func decisionRow(_ decision: Decision, depth: PageDepth) -> PageContext {
        var row = portal.decisionRow(decision, depth: depth)
        if let mail, decision.awaitsClient, !decision.isInternal {
            let item = ClientActionMail.Item(kind: words[.signOffKindDecision], id: decision.reference, title: decision.title)
            row["signOff"] = mail.signOffActions(item)
        }
        return row
    }

    // MARK: Charts

    func timeline(idPrefix: String) -> String? {
        timelines[idPrefix] ?? timeline(idPrefixes: [idPrefix])?.first
    }

    private func timeline(idPrefixes: [String]) -> [String]? {
        MilestoneTimeline(project: project, today: today, dates: dates, words: words, idPrefixes: idPrefixes).render()
    }

    /// The overview's timeline ids: it shows a second chart.
    private static let overviewTimeline = "overview-"

    func history(depth: PageDepth) -> String? {
        histories[depth.belowClient] ?? history(depths: [depth])?.first
    }

    private func history(depths: [PageDepth]) -> [String]? {
        RAGHistory(updates: project.updates, dates: dates, words: words, idPrefix: "", toProject: depths.map(\.toProject)).render()
    }

    /// Every milestone by its done or forecast date, for the timeline's phone
    /// form (a vertical schedule): a row flags that today falls just before it.
    func schedule() -> PageContext? {
        let when = { (m: Milestone) in m.done ?? m.forecast }
        let ordered = project.milestones.sorted { (when($0), $0.id) < (when($1), $1.id) }
        let next = ordered.firstIndex { when($0) >= today }
        let rows = ordered.enumerated().map { index, milestone in
            var row = milestoneRow(milestone)
            row["todayBefore"] = index == next
            return row
        }
        return portal.list(rows, key: "rows", ["today": dates.medium(today), "todayISO": today.description, "todayLast": next == nil])
    }

    // MARK: Pages

    func overview() -> PageContext {
        let depth = PageDepth(belowClient: 1)
        var context = layout(project.name, .overview, depth: depth)
        context["summaryHTML"] = MarkdownNote.html(project.summary, headingShift: 2)
        let upcoming = project.upcomingMilestones
        context["nextMilestones"] = portal.list(
            upcoming.prefix(4).map(milestoneRow), key: "rows",
            ["caption": words.plural(.nextMilestonesOne, .nextMilestonesOther, count: min(4, upcoming.count))])
        let open = project.openRisksByScore
        context["topRisks"] = portal.list(open.prefix(5).map { portal.riskRow($0, milestones: project.milestones, health: health) })
        context["openRiskCount"] = open.count
        context["awaitingList"] = portal.list(
            health.decisionsAwaitingClient.map { decisionRow($0, depth: depth) },
            key: "rows")
        if let latest = project.latestUpdate {
            var row = portal.updateRow(latest, depth: depth)
            row["html"] = MarkdownNote.html(latest.body, headingShift: 1, references: references(at: depth))
            context["latest"] = row
        }
        context["timelineSVG"] = timeline(idPrefix: Self.overviewTimeline)
        context["schedule"] = schedule()
        context["historySVG"] = history(depth: depth)
        context["historyCells"] = Array(updateListRows(at: depth).reversed())
        let done = project.milestones.filter { $0.done != nil }.count
        context["progress"] = words.format(.progress, ["done": String(done), "total": String(project.milestones.count)])
        context["milestonesDone"] = done
        context["milestonesTotal"] = project.milestones.count
        return context
    }

    func milestones() -> PageContext {
        let depth = PageDepth(belowClient: 2)
        var context = layout(words.title(.milestones), .milestones, depth: depth)
        let ordered = project.milestones.sorted { ($0.due, $0.id) < ($1.due, $1.id) }
        context["allMilestones"] = portal.list(
            ordered.map(milestoneRow), key: "rows",
            ["caption": words.format(.milestonesCaption, ["count": String(ordered.count)])])
        var counts: [PageContext] = []
        for state in Milestone.State.allCases {
            let count = project.milestones.filter { $0.state(today: today) == state }.count
            if count > 0 { counts.append(["label": words.label(state), "key": state.rawValue, "count": count]) }
        }
        context["stateCounts"] = counts
        context["timelineSVG"] = timeline(idPrefix: "")
        context["schedule"] = schedule()
        return context
    }

    func risks() -> PageContext {
        let depth = PageDepth(belowClient: 2)
        var context = layout(words.title(.risks), .risks, depth: depth)
        let ordered = project.risks.sorted {
            ($0.isOpen ? 0 : 1, -$0.score, $0.id) < ($1.isOpen ? 0 : 1, -$1.score, $1.id)
        }
        context["open"] = ordered.filter(\.isOpen).map { portal.riskRow($0, milestones: project.milestones, health: health) }
        context["closed"] = ordered.filter { !$0.isOpen }.map { portal.riskRow($0, milestones: project.milestones, health: health) }
        context["heatmap"] = heatmap()
        context["heatmapSVG"] = RiskHeatMap(risks: project.risks, health: health, words: words, anchor: { "raid-" + portal.anchor($0) })
            .render()
        return context
    }

    /// Probability (rows, 5 at the top) x impact (columns) of open items.
    func heatmap() -> PageContext {
        let open = project.risks.filter(\.isOpen)
        var rows: [PageContext] = []
        for probability in stride(from: 5, through: 1, by: -1) {
            var cells: [PageContext] = []
            for impact in 1...5 {
                let items = open.filter { $0.probability == probability && $0.impact == impact }
                var cell: PageContext = [
                    "count": items.count,
                    "band": health.band(probability * impact).rawValue,
                    "impact": impact,
                    "probability": probability,
                ]
                if !items.isEmpty {
                    cell["items"] = items.map { ["id": $0.id, "anchor": "#raid-" + portal.anchor($0.id)] as PageContext }
                }
                cells.append(cell)
            }
            rows.append(["probability": probability, "cells": cells])
        }
        return ["rows": rows, "impacts": Array(1...5), "openCount": open.count]
    }

    func decisions() -> PageContext {
        let depth = PageDepth(belowClient: 2)
        var context = layout(words.title(.decisions), .decisions, depth: depth)
        let newestFirst = project.decisions.sorted { ($0.date, $0.number) > ($1.date, $1.number) }
        context["awaitingList"] = portal.list(newestFirst.filter(\.awaitsClient).map { decisionRow($0, depth: depth) }, key: "rows")
        context["decisionList"] = portal.list(
            newestFirst.filter { !$0.awaitsClient }.map { decisionRow($0, depth: depth) }, key: "rows")
        return context
    }

    func decision(_ decision: Decision) -> PageContext {
        let depth = Self.recordDepth
        var context = recordLayout(words.format(.decisionTitle, ["reference": decision.reference, "title": decision.title]), .decisions)
        var record = decisionRow(decision, depth: depth)
        if !decision.deciders.isEmpty { record["deciders"] = decision.deciders.joined(separator: ", ") }
        record["html"] = linkedHTML(decision.note, decision.body, references(at: depth).removing(decision.reference))
        if let earlier = decision.supersedes, let old = project.decisions.first(where: { $0.number == earlier }) {
            record["supersedes"] = decisionRow(old, depth: depth)
        }
        if let newer = project.decisions.first(where: { $0.supersedes == decision.number }) {
            record["supersededBy"] = decisionRow(newer, depth: depth)
        }
        context["decision"] = record
        return context
    }

    func updates() -> PageContext {
        let depth = PageDepth(belowClient: 2)
        var context = layout(words.title(.updates), .updates, depth: depth)
        let rows = updateListRows(at: depth)
        context["updates"] = Array(rows.reversed())
        context["history"] = portal.list(rows)
        context["historySVG"] = history(depth: depth)
        context["historyCells"] = context["updates"]
        return context
    }

    func update(at index: Int) -> PageContext {
        let depth = Self.recordDepth
        let update = project.updates[index]
        var context = recordLayout(words.format(.updateTitle, ["date": dates.medium(update.date)]), .updates)
        var row = updateRows[index]
        row["html"] = linkedHTML(update.note, update.body, references(at: depth))
        context["update"] = row
        if index > 0 { context["previous"] = updateRows[index - 1] }
        if index + 1 < updateRows.count { context["next"] = updateRows[index + 1] }
        return context
    }

    /// Every update's row as a page at `depth` lists it: the rows made once
    /// for the updates' own pages, with their links from that depth (the
    /// only value that differs).
    private func updateListRows(at depth: PageDepth) -> [PageContext] {
        zip(project.updates, updateRows).map { update, row in PortalView.linking(row, to: update, depth: depth) }
    }

    private func references(at depth: PageDepth) -> CrossReferences {
        referencesByDepth[depth.belowClient] ?? CrossReferenceTargets.of(project, depth: depth)
    }

    /// A note's client HTML with its ids linked, on the HTML of its first
    /// parse; parsed again only when an id cannot be found in HTML and the
    /// note names one.
    private func linkedHTML(_ note: MarkdownNote, _ body: String, _ references: CrossReferences) -> String {
        if let linked = references.linking(renderedHTML: note.html) { return linked }
        return references.anyMentioned(in: body) ? MarkdownNote.html(body, references: references) : note.html
    }
}
