/// The message of each line of a kernel log, with the prefix the reader put
/// in front of it removed: dmesg and the console print `[    1.234567] `
/// (and `[    T1] ` with CONFIG_PRINTK_CALLER), /dev/kmsg prints
/// `LEVEL,SEQ,USEC,FLAGS[,...];`. The message keeps its own leading spaces:
/// they are KTAP's nesting.
enum KernelLogLine {
    /// (1-based line number in `text`, message) for every line. A /dev/kmsg
    /// record escapes its inner newlines as `\x0a`; each becomes a message
    /// of its own, with the record's line number.
    static func messages(_ text: String) -> [(line: Int, text: Substring)] {
        var out: [(line: Int, text: Substring)] = []
        // "\r\n" (a serial console's line end) is one Character, not "\n".
        let lines = text.split(omittingEmptySubsequences: false) { $0 == "\n" || $0 == "\r\n" }
        for (index, raw) in lines.enumerated() {
            let line = raw.last == "\r" ? raw.dropLast() : raw
            if let message = kmsgMessage(line) {
                for part in unescape(message).split(separator: "\n", omittingEmptySubsequences: false) {
                    out.append((index + 1, part))
                }
            } else {
                out.append((index + 1, droppingTimestamp(line)))
            }
        }
        return out
    }

    /// The text after `;` when `line` starts like a /dev/kmsg record:
    /// at least four comma-separated fields, the first three numbers.
    static func kmsgMessage(_ line: Substring) -> Substring? {
        guard line.first?.isASCIIDigit == true, let semicolon = line.firstIndex(of: ";") else { return nil }
        let fields = line[..<semicolon].split(separator: ",", omittingEmptySubsequences: false)
        guard fields.count >= 4, fields.prefix(3).allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isASCIIDigit) })
        else { return nil }
        return line[line.index(after: semicolon)...]
    }

    /// `line` without a leading `[ seconds.micros] ` and an optional
    /// caller id `[ T123] ` / `[ C1] ` after it.
    static func droppingTimestamp(_ line: Substring) -> Substring {
        var rest = line
        if let after = bracketed(rest, { $0.contains(".") && $0.allSatisfy { $0.isASCIIDigit || $0 == "." } }) {
            rest = after
            if let afterCaller = bracketed(rest, { ($0.first == "T" || $0.first == "C") && $0.count > 1
                && $0.dropFirst().allSatisfy(\.isASCIIDigit) }) {
                rest = afterCaller
            }
        }
        return rest
    }

    /// What follows `[content] ` when `accept` takes the content without
    /// its padding spaces; nil otherwise.
    private static func bracketed(_ line: Substring, _ accept: (Substring) -> Bool) -> Substring? {
        guard line.first == "[", let close = line.firstIndex(of: "]") else { return nil }
        let content = line[line.index(after: line.startIndex)..<close].drop { $0 == " " }
        guard accept(content) else { return nil }
        let after = line[line.index(after: close)...]
        return after.first == " " ? after.dropFirst() : after
    }

    /// /dev/kmsg writes control characters, bytes >= 127 and `\` as
    /// `\xNN`; put the bytes back.
    static func unescape(_ message: Substring) -> Substring {
        guard message.contains("\\") else { return message }
        var bytes: [UInt8] = []
        let utf8 = Array(message.utf8)
        var i = 0
        while i < utf8.count {
            if utf8[i] == UInt8(ascii: "\\"), i + 3 < utf8.count, utf8[i + 1] == UInt8(ascii: "x"),
               let high = hexValue(utf8[i + 2]), let low = hexValue(utf8[i + 3]) {
                bytes.append(high << 4 | low)
                i += 4
            } else {
                bytes.append(utf8[i])
                i += 1
            }
        }
        return Substring(String(decoding: bytes, as: UTF8.self))
    }

    private static func hexValue(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): c - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): c - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): c - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isWholeNumber }
}
