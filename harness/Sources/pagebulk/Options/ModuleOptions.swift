import ArgumentParser
import PagebulkKit

/// `--control PATH`: the module's debugfs control file. Declared once; every
/// command that opens the file takes this group.
struct ControlFileOption: ParsableArguments {
    @Option(name: .customLong("control"), help: "Path of the control file.")
    var path: String = ControlFile.defaultPath
}

/// Options of every command that talks to the module: the control file,
/// and a module to insert first.
struct ModuleOptions: ParsableArguments {
    @Option(name: .customLong("module"), help: "Insert this pagebulk.ko first (and remove it afterwards).")
    var modulePath: String?

    @OptionGroup var controlFile: ControlFileOption

    var control: String { controlFile.path }

    /// Open the control file for the duration of `body`, inserting the
    /// module first when asked to and removing it when done. `body`
    /// borrows the file; it closes when `body` returns, before the removal.
    func withControl<T>(_ body: (borrowing ControlFile) throws -> T) throws -> T {
        let module = modulePath.map(KernelModule.init(path:))
        var inserted = false
        if let module, try !TextFile.exists(control) {
            try module.insert()
            inserted = true
        }
        defer {
            if inserted { try? module?.remove() }
        }
        // Its own scope: the file closes as this ends, before the removal above runs.
        do {
            let file = try ControlFile.open(control)
            return try body(file)
        }
    }
}

/// --json on the commands that can print JSON instead of tables.
struct JSONFlag: ParsableArguments {
    @Flag(help: "Print JSON instead of tables.")
    var json = false
}
