extension StringProtocol {
    /// The text without the characters of `set` at either end, compared as
    /// `Character`s: `trimmingCharacters(in: " \t")` drops spaces and tabs.
    public func trimmingCharacters(in set: String) -> String {
        var slice = self[...]
        while let first = slice.first, set.contains(first) { slice.removeFirst() }
        while let last = slice.last, set.contains(last) { slice.removeLast() }
        return String(slice)
    }
}
