import ArgumentParser
import PagebulkKit

/// Options of every command that talks to the module.
struct ModuleOptions: ParsableArguments {
    @Option(name: .customLong("module"), help: "Insert this pagebulk.ko first (and remove it afterwards).")
    var modulePath: String?

    @Option(help: "Path of the control file.")
    var control: String = ControlFile.defaultPath

    /// Open the control file for the duration of `body`, inserting the
    /// module first when asked to and removing it when done.
    func withControl<T>(_ body: (ControlFile) throws -> T) throws -> T {
        let module = modulePath.map(KernelModule.init(path:))
        var inserted = false
        if let module, !TextFile.exists(control) {
            try module.insert()
            inserted = true
        }
        defer {
            if inserted { try? module?.remove() }
        }
        let file = try ControlFile.open(control)
        defer { file.close() }
        return try body(file)
    }
}

/// --json on every command.
struct OutputOptions: ParsableArguments {
    @Flag(help: "Print JSON instead of tables.")
    var json = false
}
