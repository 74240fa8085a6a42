import Foundation
import PagebulkReport

/// The recorded result set in Fixtures/run-6.12.117, read as the report
/// commands read a results directory.
enum RecordedRun {
    static var directory: String { fixture("run-6.12.117") }

    /// The first icount order-0 boot (Fixtures/icount-order0).
    static var icountOrder0: String { fixture("icount-order0") }

    static func fixture(_ name: String) -> String {
        (Bundle.module.url(forResource: "Fixtures", withExtension: nil)?.path ?? "Fixtures") + "/" + name
    }

    /// The repository root, for the plot scripts.
    static var repository: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().path
    }

    /// The run's documents, as `report` and `compare` read them.
    static func documents() throws -> [ResultDocument] {
        try RunDirectory.documents(at: directory).map(\.document)
    }

    static func text(_ relative: String) throws -> String {
        try String(contentsOfFile: "\(directory)/\(relative)", encoding: .utf8)
    }

    /// A scratch copy of the run, so plots can be written next to it.
    static func scratchCopy(of source: String = directory) throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("pagebulk-\(UUID().uuidString)").path
        try FileManager.default.copyItem(atPath: source, toPath: dir)
        return dir
    }

    static func run(_ argv: [String]) throws -> Int32 {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = argv
        p.standardOutput = FileHandle.nullDevice
        try p.run()
        p.waitUntilExit()
        return p.terminationStatus
    }

    static func isPNG(_ path: String) -> Bool {
        guard let data = FileManager.default.contents(atPath: path), data.count > 100 else { return false }
        return Array(data.prefix(8)) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
    }
}
