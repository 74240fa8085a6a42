/// A plain text table: right-aligned numbers, left-aligned text, two spaces
/// between columns, as mmtests prints its reports.
struct Table {
    var header: [String]
    var rows: [[String]] = []

    init(_ header: String...) {
        self.header = header
    }

    init(_ header: [String]) {
        self.header = header
    }

    mutating func add(_ cells: [String]) {
        rows.append(cells)
    }

    mutating func add(_ cells: String...) {
        rows.append(cells)
    }

    func render() -> String {
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

    static func isNumeric(_ cell: String) -> Bool {
        guard let first = cell.first else { return false }
        return first.isNumber || first == "-" || first == ">"
    }
}
