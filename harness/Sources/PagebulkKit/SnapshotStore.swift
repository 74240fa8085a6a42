import PagebulkProc

/// Where snapshots come from: the live system or a captured directory laid
/// out as `pagebulk snapshot DIR` writes it.
public enum SnapshotSource: Sendable {
    case live
    case directory(String)

    func path(of file: Snapshot.File) -> String {
        switch self {
        case .live: file.livePath
        case let .directory(dir): "\(dir)/\(file.rawValue)"
        }
    }

    /// The texts of every file that can be read; a missing optional file
    /// (no debugfs, not root) is left out, a missing buddyinfo is an error.
    public func texts() throws(PagebulkError) -> [Snapshot.File: String] {
        var texts: [Snapshot.File: String] = [:]
        for file in Snapshot.File.allCases {
            do {
                texts[file] = try TextFile.read(path(of: file))
            } catch {
                if !file.isOptional { throw error }
            }
        }
        return texts
    }

    public func load() throws(PagebulkError) -> Snapshot {
        let texts = try texts()
        do {
            return try Snapshot(texts: texts)
        } catch {
            throw .parse(error)
        }
    }

    /// Copy the live files into `dir`, named as under /proc.
    public static func capture(into dir: String) throws(PagebulkError) -> [Snapshot.File] {
        let texts = try SnapshotSource.live.texts()
        try TextFile.makeDirectory(dir + "/extfrag")
        for (file, text) in texts {
            try TextFile.write(text, to: "\(dir)/\(file.rawValue)")
        }
        return Snapshot.File.allCases.filter { texts[$0] != nil }
    }
}
