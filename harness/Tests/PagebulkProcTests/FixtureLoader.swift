import Foundation

/// Reads a fixture file shipped with the tests, e.g. ("seed-3.16-rebuilt-from-mail-alloc_page", "buddyinfo").
enum Fixture {
    struct Missing: Error, CustomStringConvertible {
        var path: String
        var description: String { "fixture \(path) missing" }
    }

    static func text(_ directory: String, _ file: String) throws -> String {
        try text("\(directory)/\(file)")
    }

    /// A file by its path under Fixtures, e.g. "kunit-constructed.dmesg".
    static func text(_ path: String) throws -> String {
        guard let base = Bundle.module.url(forResource: "Fixtures", withExtension: nil) else {
            throw Missing(path: "Fixtures")
        }
        let url = base.appendingPathComponent(path)
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw Missing(path: path)
        }
        return String(decoding: data, as: UTF8.self)
    }
}
