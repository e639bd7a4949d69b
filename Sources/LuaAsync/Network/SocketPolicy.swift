/// Which sockets a run may open: any (a plain run), loopback only (a sandbox that allows it:
/// `tide run --sandbox --allow-loopback`, an exercise with `loopback = true`), or none (every
/// other sandbox).
enum SocketPolicy {
    case any, loopbackOnly, refused

    /// Why `what` ("open_connection to 10.0.0.1:80") is refused, or nil when it may go ahead.
    func refusal(of what: String, host: String) -> String? {
        switch self {
        case .any: return nil
        case .refused:
            return "\(what) refused: the sandbox opens no sockets (tide run takes --allow-loopback for sockets on "
                + "this machine; an exercise allows them with `loopback = true`)"
        case .loopbackOnly:
            if Self.isLoopback(host) { return nil }
            return "\(what) refused: the sandbox allows loopback only (127.0.0.1, ::1 or localhost)"
        }
    }

    /// 127.0.0.0/8, ::1 and localhost, written out (no name is looked up).
    static func isLoopback(_ host: String) -> Bool {
        if host == "localhost" || host == "::1" || host == "[::1]" { return true }
        let parts = host.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 4 && parts[0] == "127" && parts.allSatisfy { part in
            guard let value = Int(part), part.count <= 3 else { return false }
            return (0...255).contains(value)
        }
    }
}
