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
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { col, cell in
                let pad = String(repeating: " ", count: max(0, widths[col] - cell.count))
                let numeric = cell.first.map { $0.isNumber || $0 == "-" || $0 == ">" } ?? false
                return col == 0 || !numeric ? cell + pad : pad + cell
            }.joined(separator: "  ")
        }
        return ([line(header)] + rows.map(line)).joined(separator: "\n")
    }
}
