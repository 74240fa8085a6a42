import PagebulkProc

/// A CMA area as debugfs shows it (CONFIG_CMA_DEBUGFS), under
/// /sys/kernel/debug/cma/NAME: `used`, pages handed out by cma_alloc()
/// and not yet released; `bitmap`, which of them; `order_per_bit`, pages
/// per bit as 2^order.
public enum CMAUsage {
    public static func directory(_ area: String) -> String { "/sys/kernel/debug/cma/\(area)" }

    public static func path(_ area: String) -> String { directory(area) + "/used" }

    public static func used(_ area: String) throws(PagebulkError) -> UInt64 {
        try number(directory(area) + "/used")
    }

    public static func orderPerBit(_ area: String) throws(PagebulkError) -> UInt32 {
        UInt32(clamping: try number(directory(area) + "/order_per_bit"))
    }

    public static func bitmap(_ area: String) throws(PagebulkError) -> CMABitmap {
        do {
            return try CMABitmap(parsing: TextFile.read(directory(area) + "/bitmap"))
        } catch let error as ProcParseError {
            throw .parse(error)
        } catch let error as PagebulkError {
            throw error
        } catch {
            throw .system(call: "read", path: directory(area) + "/bitmap", errno: .ioError)
        }
    }

    static func number(_ path: String) throws(PagebulkError) -> UInt64 {
        let text = try TextFile.read(path)
        guard let n = UInt64(text.filter { !$0.isWhitespace }) else {
            throw .parse(.init(file: path, line: 1, reason: "expected a number, got '\(text)'"))
        }
        return n
    }
}
