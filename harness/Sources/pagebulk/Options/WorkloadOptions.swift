import ArgumentParser
import PagebulkKit
import PagebulkReport

#if canImport(Glibc)
import Glibc
#endif

/// The guest's background workload (scripts/guest-load.sh): compile jobs,
/// buffered writes and anonymous churn, started before the trials and
/// stopped after them. ("Workload", not "load": loading is what the module
/// does.)
struct WorkloadOptions: ParsableArguments {
    @Option(help: "Workload script to start before and stop after the trials; none for an idle guest.")
    var loadScript: String?

    @Option(help: "Compiler jobs in the workload (at least 1).") var loadJobs: UInt = 2

    @Option(help: "Seconds the workload runs before the first trial.") var warmup: UInt32 = 30

    func validate() throws {
        guard loadJobs >= 1 else { throw ValidationError("--load-jobs must be at least 1, not \(loadJobs)") }
    }

    /// The profile a script stands for: guest-load-NAME.sh is NAME, the
    /// original guest-load.sh is "light".
    var profile: String? {
        guard let script = loadScript else { return nil }
        let name = script.split(separator: "/").last.map(String.init) ?? script
        guard name.hasPrefix("guest-load-"), name.hasSuffix(".sh") else { return "light" }
        return String(name.dropFirst("guest-load-".count).dropLast(".sh".count))
    }

    /// Where the script writes its knobs (PAGEBULK_LOAD_KNOBS).
    var knobsFile: String { "/run/pagebulk-load-knobs.txt" }

    /// As the document records it, with the knobs the script wrote when
    /// it started; nil for an idle guest.
    var workload: Workload? {
        guard loadScript != nil else { return nil }
        let knobs = (try? TextFile.read(knobsFile)).map { $0.split(separator: "\n").map(String.init) }
        return Workload(compileJobs: Int(clamping: loadJobs), warmupSeconds: Int(warmup), profile: profile,
                        knobs: knobs)
    }

    func during<T>(_ body: () throws -> T) throws -> T {
        guard let script = loadScript else { return try body() }
        setenv("PAGEBULK_LOAD_KNOBS", knobsFile, 1)
        let status = try ChildProcess.run(["/bin/sh", script, "start", "\(loadJobs)"])
        guard status == 0 else { throw HarnessError.commandFailed("start the workload (\(script))", status: status) }
        defer { _ = try? ChildProcess.run(["/bin/sh", script, "stop"]) }
        Progress.line("workload running, warming up for \(warmup) s")
        // sleep(3) returns early on a signal with what is left.
        var left = warmup
        while left > 0 { left = sleep(left) }
        return try body()
    }
}
