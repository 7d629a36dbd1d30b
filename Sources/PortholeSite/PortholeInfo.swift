/// The tool's identity, in one place: `porthole --version`, the feeds'
/// `<generator>`, the calendars' `PRODID`, the build manifest, and the name of
/// `make dist`'s tarball (scripts/dist.sh reads this line).
public enum PortholeInfo {
    public static let version = "0.1.0"
}
