/// A plain text table: right-aligned numbers, left-aligned text, two spaces
/// between columns, as mmtests prints its reports.
public struct TextTable {
    public var header: [String]
    public var rows: [[String]] = []

    public init(_ header: String...) {
        self.header = header
    }

    public init(_ header: [String]) {
        self.header = header
    }

    public mutating func add(_ cells: [String]) {
        rows.append(cells)
    }

    public mutating func add(_ cells: String...) {
        rows.append(cells)
    }

    public func render() -> String {
        let all = [header] + rows
        let widths = header.indices.map { col in all.map { col < $0.count ? $0[col].count : 0 }.max() ?? 0 }
        // A column is numeric when every data cell is; its header aligns too.
        let numeric = header.indices.map { col in
            col > 0 && !rows.isEmpty && rows.allSatisfy { col < $0.count && Self.isNumeric($0[col]) }
        }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { col, cell in
                let pad = String(repeating: " ", count: max(0, widths[col] - cell.count))
                return numeric[col] ? pad + cell : cell + pad
            }.joined(separator: "  ")
        }
        return ([line(header)] + rows.map(line)).joined(separator: "\n")
    }

    public static func isNumeric(_ cell: String) -> Bool {
        guard let first = cell.first else { return false }
        return first.isNumber || first == "-" || first == ">"
    }
}

/// Right-align `text` in `width` columns; a negative width left-aligns.
public func pad(_ text: String, _ width: Int) -> String {
    let fill = String(repeating: " ", count: max(0, abs(width) - text.count))
    return width < 0 ? text + fill : fill + text
}
