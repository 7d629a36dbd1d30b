import PortholeCore

/// `milestones.ics`: RFC 5545, an all-day event per client-visible milestone
/// at its forecast date (without a forecast of its own, the baseline after
/// approved change requests: `Project.applyApprovedChanges()`), its
/// completion date once done. UIDs come from the
/// slugs and the milestone id, so a subscribed calendar updates events in
/// place; DTSTAMP is the build's `today`, so output is reproducible.
struct MilestoneCalendar {
    let portal: Portal
    let client: Client
    let project: Project
    let links: ProjectLinks
    let today: CalendarDate
    let dates: DateText
    let words: ThemeStrings

    func render() -> String {
        var lines = [
            "BEGIN:VCALENDAR",
            "VERSION:2.0",
            "PRODID:-//Porthole//Milestone calendar \(PortholeInfo.version)//EN",
            "CALSCALE:GREGORIAN",
            "METHOD:PUBLISH",
            "X-WR-CALNAME:" + Escape.icalText(words.format(.calendarName, ["project": project.name, "client": client.name])),
            "X-WR-CALDESC:" + Escape.icalText(words.format(.calendarDescription, ["project": project.name, "agency": portal.agency.name])),
            "REFRESH-INTERVAL;VALUE=DURATION:PT12H",
        ]
        for milestone in project.milestones.sorted(by: { ($0.forecast, $0.id) < ($1.forecast, $1.id) }) {
            let day = milestone.done ?? milestone.forecast
            let state = milestone.state(today: today)
            let due = milestone.due
            let baselineLine =
                due == milestone.originalDue
                ? words.format(.eventBaseline, ["date": dates.medium(due)])
                : words.format(.eventBaselineMoved, ["date": dates.medium(due), "original": dates.medium(milestone.originalDue)])
            var description = [
                words.format(.eventStatus, ["state": words.label(state)]), baselineLine,
                words.format(.eventForecast, ["date": dates.medium(milestone.forecast)]),
            ]
            if let done = milestone.done { description.append(words.format(.eventDone, ["date": dates.medium(done)])) }
            if milestone.gate { description.append(words[.eventGate]) }
            if let owner = milestone.owner { description.append(words.format(.eventOwner, ["owner": owner])) }
            let title = words.format(milestone.gate ? .eventTitleGate : .eventTitle, ["id": milestone.id, "title": milestone.title])
            lines += [
                "BEGIN:VEVENT",
                "UID:" + Escape.icalText("\(uidPart(milestone.id)).\(project.slug).\(client.slug)@\(links.host)"),
                "DTSTAMP:\(today.basicISO)T000000Z",
                "DTSTART;VALUE=DATE:\(day.basicISO)",
                "DTEND;VALUE=DATE:\(day.adding(days: 1).basicISO)",
                "SUMMARY:" + Escape.icalText(title + (state == .done ? " ✓" : "")),
                "DESCRIPTION:" + Escape.icalText(description.joined(separator: "\n")),
                "URL:" + links.milestonesURL,
                "CATEGORIES:" + Escape.icalText(words.label(state)),
                "TRANSP:TRANSPARENT",
                "END:VEVENT",
            ]
        }
        lines.append("END:VCALENDAR")
        return lines.map(Escape.icalFold).joined()
    }

    /// Milestone ids are free text: only safe characters reach the UID.
    func uidPart(_ id: String) -> String {
        String(id.map { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") ? $0 : "-" })
    }
}
