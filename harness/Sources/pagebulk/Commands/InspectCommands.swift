import ArgumentParser
import PagebulkKit
import PagebulkReport
import PagebulkProc

/// Where inspection commands read from.
struct SourceOptions: ParsableArguments {
    @Option(name: .customLong("from"), help: "Read a captured snapshot directory instead of the live system.")
    var directory: String?

    var source: SnapshotSource { directory.map(SnapshotSource.directory) ?? .live }
}

struct BuddyinfoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "buddyinfo",
        abstract: "Free blocks per order, with the unusable-free-space index computed as the kernel does.")

    @OptionGroup var source: SourceOptions
    @OptionGroup var output: JSONFlag

    func run() throws {
        let snapshot = try source.source.load()
        if output.json {
            print(try JSONText.encode(snapshot.buddyinfo))
            return
        }
        print(SnapshotText.buddyinfo(snapshot.buddyinfo))
    }
}

struct PagetypeinfoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pagetypeinfo",
        abstract: "Free blocks per migratetype and order, pageblocks per migratetype (root only when live).")

    @OptionGroup var source: SourceOptions
    @OptionGroup var output: JSONFlag

    func run() throws {
        let snapshot = try source.source.load()
        guard let info = snapshot.pagetypeinfo else {
            throw HarnessError.noPagetypeinfo
        }
        if output.json {
            print(try JSONText.encode(info))
            return
        }
        print(SnapshotText.pagetypeinfo(info))
    }
}

struct SnapshotCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "snapshot",
        abstract: "Capture buddyinfo, pagetypeinfo, vmstat, zoneinfo and extfrag into a directory.")

    @Argument(help: "Directory to write (created).")
    var directory: String

    func run() throws {
        let files = try SnapshotSource.capture(into: directory)
        print("captured \(files.map(\.rawValue).joined(separator: ", ")) into \(directory)")
    }
}
