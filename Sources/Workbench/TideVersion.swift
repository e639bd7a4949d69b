import CLua

/// What `tide --version` and the REPL's greeting say: Tide's version and the Lua it embeds.
public enum TideVersion {
    public static let number = "0.1"

    /// "tide 0.1 (Lua 5.4.4)": the Lua release of the headers Tide was built with.
    public static var description: String {
        let release = Int(clua_release_num())
        return "tide \(number) (Lua \(release / 10000).\(release / 100 % 100).\(release % 100))"
    }
}
