import ArgumentParser
import PagebulkKit
import PagebulkReport

/// `--out DIR`: the directory a command writes its documents into, the
/// same for every command (scenarios, smoke, fuzz, reliability, merge).
/// Each command names its own file in it.
struct OutputDirectory: ParsableArguments {
    @Option(help: "Directory for the JSON result (and snapshots).")
    var out: String = "."

    /// Write `value` as `out/name` and say so on standard output.
    func write<T: Encodable>(_ value: T, as name: String) throws {
        try Self.write(value, into: out, as: name)
    }

    /// For the check suites, whose `--out` is optional: no directory, no file.
    /// The directory is made if it is not there (`merge --out` on the host).
    static func write<T: Encodable>(_ value: T, into directory: String, as name: String) throws {
        try TextFile.makeDirectory(directory)
        let path = directory + "/" + name
        try TextFile.write(try JSONText.encode(value) + "\n", to: path)
        print("wrote \(path)")
    }
}
