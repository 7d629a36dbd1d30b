import Foundation

extension ContentLoader {
    /// ISO 4217 currency codes a budget may be counted in.
    static let currencyCodes: Set<String> = Set(Locale.Currency.isoCurrencies.map(\.identifier))

    /// `budget:` in project.yaml: `amount` and `currency`, or `hours`.
    func loadBudget(_ node: YAMLNode?, _ reader: YAMLReader) -> Budget? {
        let keys = ["amount", "currency", "hours", "tolerance", "hourly_rate", "visibility"]
        guard let b = reader.mapping(node, keys: keys, what: "budget") else { return nil }
        let amount = b.number("amount", in: 0...1e12)
        let hours = b.number("hours", in: 0...1e9)
        let currency = b.line("currency")
        let tolerance = b.number("tolerance", in: 0...100)
        let rate = b.number("hourly_rate", in: 0...1e6)
        let visibility = b.choice("visibility", Budget.Visibility.self) ?? .internal
        if let currency, !Self.currencyCodes.contains(currency) {
            let hint = Self.currencyCodes.contains(currency.uppercased()) ? " (did you mean '\(currency.uppercased())'?)" : ""
            reader.error(
                "invalid-value", "'currency' must be an ISO 4217 code like GBP, EUR or USD, got '\(currency)'\(hint)",
                at: b.valueLocation("currency"))
            return nil
        }
        switch (amount, hours) {
        case (let amount?, nil):
            guard let currency else {
                reader.error("missing-field", "a budget with 'amount' needs 'currency' (an ISO 4217 code like GBP)", at: b.location)
                return nil
            }
            return Budget(
                unit: .money(currency: currency), amount: amount, tolerancePercent: tolerance, hourlyRate: rate,
                visibility: visibility, location: b.location)
        case (nil, let hours?):
            if currency != nil {
                reader.error(
                    "invalid-value", "'currency' belongs to a budget in money ('amount'), not in 'hours'", at: b.valueLocation("currency"))
            }
            if rate != nil {
                reader.error(
                    "invalid-value", "'hourly_rate' belongs to a budget in money; an hours budget counts hours",
                    at: b.valueLocation("hourly_rate"))
            }
            return Budget(unit: .hours, amount: hours, tolerancePercent: tolerance, visibility: visibility, location: b.location)
        case (.some, .some):
            reader.error(
                "invalid-value", "a budget is either 'amount' (money) or 'hours', not both", at: b.keyLocation("hours") ?? b.location)
        case (nil, nil):
            if b.keyLocation("amount") == nil, b.keyLocation("hours") == nil {
                reader.error("missing-field", "a budget needs 'amount' and 'currency', or 'hours'", at: b.location)
            }
        }
        return nil
    }

    /// `kpis:` in project.yaml.
    func loadKPIs(_ items: [YAMLNode], _ reader: YAMLReader) -> [KPI] {
        var kpis: [KPI] = []
        var ids = UniqueIDs(what: "KPI")
        for item in items {
            let keys = ["id", "name", "unit", "baseline", "target", "direction", "internal"]
            guard let k = reader.mapping(item, keys: keys, what: "KPI") else { continue }
            let id = k.line("id", required: true)
            if let id, !Self.isKPIIdentifier(id) {
                reader.error(
                    "invalid-value", "KPI id '\(id)' must be lower-case letters, digits and '_' (like conversion_rate)",
                    at: k.valueLocation("id"))
            }
            let name = k.line("name", required: true)
            let baseline = k.number("baseline", required: true, in: -1e12...1e12)
            let target = k.number("target", required: true, in: -1e12...1e12)
            let direction = k.choice("direction", KPI.Direction.self, required: true)
            if let id { ids.check(id, at: k.valueLocation("id"), reader) }
            guard let id, let name, let baseline, let target, let direction else { continue }
            kpis.append(
                KPI(
                    id: id, name: name, unit: k.line("unit") ?? "", baseline: baseline, target: target,
                    direction: direction, isInternal: k.bool("internal"), location: k.location))
        }
        return kpis
    }

    static func isKPIIdentifier(_ id: String) -> Bool {
        guard let first = id.utf8.first, (97...122).contains(first) else { return false }
        return id.utf8.allSatisfy { (97...122).contains($0) || (48...57).contains($0) || $0 == 95 }
    }

    /// A weekly note's `kpis:`: a mapping of KPI id to its value this week.
    /// Ids are checked against the project's KPIs by `ProjectRules`.
    func loadKPIValues(_ node: YAMLNode?, date: CalendarDate, _ reader: YAMLReader) -> [KPIReading] {
        guard let node else { return [] }
        guard let mapping = node.mapping else {
            reader.error("type", "'kpis' must be a mapping of KPI id to value (kpis: { conversion_rate: 2.41 })", at: node)
            return []
        }
        var readings: [KPIReading] = []
        for (key, value) in mapping {
            guard let id = key.scalar?.string else {
                reader.error("type", "KPI ids in 'kpis' must be plain words", at: key)
                continue
            }
            if readings.contains(where: { $0.kpi == id }) {
                reader.error("duplicate-key", "duplicate key '\(id)' in kpis", at: key)
                continue
            }
            guard let text = value.scalar?.string, let number = Fields.plainNumber(text) else {
                reader.error(
                    "type", "KPI '\(id)' must be a number written in digits (like 2.41), got '\(value.scalar?.string ?? "")'", at: value)
                continue
            }
            readings.append(KPIReading(kpi: id, date: date, value: number, location: reader.location(key)))
        }
        return readings
    }

    /// `timesheet.csv` (made by `porthole import time`): a header
    /// `date,person,task,hours`, then one entry a line.
    func loadTimesheet(folder: String, _ log: inout DiagnosticLog) -> [TimeEntry] {
        let relative = "\(folder)/\(Timesheet.fileName)"
        guard ContentDisk.kind(of: path(relative)) == .file, let text = readText(relative, &log) else { return [] }
        let (entries, problems) = Timesheet.parse(text, file: display(relative))
        for problem in problems { log.error("timesheet", problem.message, at: problem.location) }
        return entries
    }

    /// The project's spend readings: from the timesheet when there is one
    /// (hours, times `hourly_rate` for a money budget), else each note's
    /// `spent:`.
    func spendReadings(
        budget: Budget?, timesheet: [TimeEntry], updates: [WeeklyUpdate], timesheetFile: String, _ log: inout DiagnosticLog
    ) -> [SpendReading] {
        guard !timesheet.isEmpty else {
            return updates.compactMap { update in
                update.spent.map { SpendReading(date: update.date, amount: $0, location: update.spentLocation ?? update.location) }
            }
        }
        for update in updates where update.spent != nil {
            log.warning(
                "spend-source", "'spent' is ignored: this project's spend comes from timesheet.csv",
                at: update.spentLocation ?? update.location)
        }
        var factor = 1.0
        if case .money = budget?.unit {
            guard let rate = budget?.hourlyRate else {
                log.error(
                    "missing-field", "a budget in money with a timesheet.csv needs 'hourly_rate' to turn hours into spend",
                    at: budget?.location ?? SourceLocation(file: timesheetFile))
                return []
            }
            factor = rate
        }
        return Timesheet.cumulative(timesheet).map { date, hours in
            SpendReading(date: date, amount: (hours * factor * 100).rounded() / 100, location: SourceLocation(file: timesheetFile))
        }
    }
}
