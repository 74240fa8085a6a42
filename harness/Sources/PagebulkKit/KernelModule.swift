import CKmod
import SystemPackage

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
        var mod: OpaquePointer?
        let rc = kmod_module_new_from_path(ctx, path, &mod)
        guard rc == 0, let mod else {
            throw .system(call: "kmod_module_new_from_path", path: path, errno: Errno(rawValue: -rc))
        }
        defer { kmod_module_unref(mod) }
        return try body(mod)
    }

    /// Insert the module; an already loaded one is fine.
    public func insert(parameters: String = "") throws(PagebulkError) {
        try withModule { (mod) throws(PagebulkError) in
            let rc = kmod_module_insert_module(mod, 0, parameters)
            if rc < 0 && Errno(rawValue: -rc) != .fileExists {
                throw .system(call: "insert", path: path, errno: Errno(rawValue: -rc))
            }
        }
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
