import CKmod
import SystemPackage

#if canImport(Glibc)
import Glibc
#endif

/// A kernel module inserted by path through libkmod: no modules.dep needed,
/// which suits a hand-built kernel booted over 9p.
public struct KernelModule: Sendable {
    public let path: String

    public init(path: String) {
        self.path = path
    }

    private func withModule<T>(
        _ body: (OpaquePointer) throws(PagebulkError) -> T
    ) throws(PagebulkError) -> T {
        guard let ctx = kmod_new(nil, nil) else {
            throw .system(call: "kmod_new", path: path, errno: .noMemory)
        }
        defer { kmod_unref(ctx) }
        // Failures come back as errors with hints; libkmod's own log lines
        // on stderr would only repeat them (LOG_CRIT and worse only).
        kmod_set_log_priority(ctx, 2)
        var mod: OpaquePointer?
        let rc = kmod_module_new_from_path(ctx, path, &mod)
        guard rc == 0, let mod else {
            throw .system(call: "kmod_module_new_from_path", path: path, errno: Errno(rawValue: -rc))
        }
        defer { kmod_module_unref(mod) }
        return try body(mod)
    }

    /// Insert the module; an already loaded one is fine. A kernel without
    /// the series refuses it with ENOENT and names each missing symbol in
    /// its log: those names make the error. Only this attempt's log lines
    /// count: the log is opened at its end before the insert, since
    /// earlier refusals (another build of the module, another kernel's
    /// symbols) are still in the buffer.
    public func insert(parameters: String = "") throws(PagebulkError) {
        // Without rights over /dev/kmsg the error names no symbols.
        let log: KernelLog.Reader?
        do {
            log = try KernelLog.Reader(KernelLog.device, from: .end)
        } catch {
            log = nil
        }
        let rc = try withModule { (mod) throws(PagebulkError) in kmod_module_insert_module(mod, 0, parameters) }
        guard rc < 0, Errno(rawValue: -rc) != .fileExists else { return }
        if Errno(rawValue: -rc) == .noSuchFileOrDirectory, let log {
            let missing = Self.unknownSymbols(in: (try? log.readAvailable()) ?? "", module: name)
            if !missing.isEmpty { throw .missingSymbols(module: path, symbols: missing) }
        }
        throw .system(call: "insert", path: path, errno: Errno(rawValue: -rc))
    }

    /// The module's name as the kernel logs it: the file name without .ko.
    var name: String {
        let file = path.split(separator: "/").last.map(String.init) ?? path
        return file.hasSuffix(".ko") ? String(file.dropLast(3)) : file
    }

    /// The symbols named in `log`, each once, in order of appearance: its
    /// "NAME: Unknown symbol SYM (err -2)" lines, as load_module() prints
    /// them (one record per line in /dev/kmsg).
    public static func unknownSymbols(in log: String, module: String) -> [String] {
        let marker = "\(module): Unknown symbol "
        var seen: [String] = []
        for line in log.split(separator: "\n") {
            guard let range = line.firstRange(of: marker) else { continue }
            let symbol = line[range.upperBound...].split(separator: " ").first.map(String.init) ?? ""
            if !symbol.isEmpty && !seen.contains(symbol) { seen.append(symbol) }
        }
        return seen
    }

    /// Remove the module; fails with EBUSY while a control file is open.
    public func remove() throws(PagebulkError) {
        try withModule { (mod) throws(PagebulkError) in
            let rc = kmod_module_remove_module(mod, 0)
            if rc < 0 {
                throw .system(call: "remove", path: path, errno: Errno(rawValue: -rc))
            }
        }
    }
}
