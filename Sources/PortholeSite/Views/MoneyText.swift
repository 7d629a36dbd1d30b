import Foundation
import PortholeCore

/// Amounts, percentages and indices as the portal's locale writes them:
/// money in the budget's currency without pennies (`£74,200`), hours with
/// the theme's unit (`310 h`), indices to two places.
struct MoneyText {
    let locale: Locale
    let words: ThemeStrings

    init(localeIdentifier: String, words: ThemeStrings) {
        locale = Locale(identifier: localeIdentifier.replacingOccurrences(of: "-", with: "_"))
        self.words = words
    }

    init(locale: Locale, words: ThemeStrings) {
        self.locale = locale
        self.words = words
    }

    func amount(_ value: Double, _ unit: Budget.Unit) -> String {
        switch unit {
        case .money(let currency):
            return value.formatted(.currency(code: currency).locale(locale).precision(.fractionLength(0)))
        case .hours:
            return words.format(.budgetHours, ["value": number(value)])
        }
    }

    /// A plain number, up to one decimal (`2.4`, `1,250`).
    func number(_ value: Double) -> String {
        value.formatted(.number.locale(locale).precision(.fractionLength(0...2)))
    }

    func percent(_ fraction: Double) -> String {
        fraction.formatted(.percent.locale(locale).precision(.fractionLength(0)))
    }

    func index(_ value: Double) -> String {
        value.formatted(.number.locale(locale).precision(.fractionLength(2)))
    }
}
