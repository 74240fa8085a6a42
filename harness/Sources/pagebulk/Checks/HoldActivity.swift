#if canImport(FoundationEssentials)
import FoundationEssentials
#endif
#if canImport(Glibc)
import Glibc
#endif
import ArgumentParser
import Foundation
import PagebulkKit

/// What `pagebulk hold` does once it holds its allocation, until it is
/// killed: nothing, or one of the module's long calls over and over, so
/// that a SIGKILL at any moment lands in the middle of one.
enum HoldActivity: String, CaseIterable, Sendable, ExpressibleByArgument {
    case hold, verify, pin

    /// One line on stdout, written at once: stdout to a pipe is
    /// block-buffered, and the parent reads these as they come.
    static func announce(_ line: VictimLine) {
        var text = line.text + "\n"
        text.withUTF8 { _ = write(1, $0.baseAddress, $0.count) }
    }

    /// Milliseconds since `start` (CLOCK_MONOTONIC, which never goes back).
    static func msSince(_ start: UInt64) -> UInt64 {
        let now = MonotonicClock.nowNs()
        return now >= start ? (now - start) / 1_000_000 : 0
    }

    /// STAMP and CHECK the holding once, to say how long a whole VERIFY
    /// takes, then loop on STAMP on `threads` threads. VERIFY holds the
    /// file's lock, so while one thread verifies the others wait for the
    /// lock: a kill finds one call in the middle of its pieces and the
    /// others waiting, and each must give up at once. The threads run
    /// until the process dies, so `file` must stay open as long: the
    /// caller holds its owner until then.
    static func verifyLoop(_ file: ControlFile.Shared, handle: UInt64, threads: Int) {
        let stampStart = MonotonicClock.nowNs()
        let stamp: VerifyResult, check: VerifyResult
        do {
            stamp = try file.verify(handle: handle, contents: .stamp)
        } catch {
            announce(.error("VERIFY STAMP: \(error)"))
            return
        }
        let stampMs = msSince(stampStart)
        let checkStart = MonotonicClock.nowNs()
        do {
            check = try file.verify(handle: handle, contents: .check)
        } catch {
            announce(.error("VERIFY CHECK: \(error)"))
            return
        }
        announce(.verified(pieces: stamp.pieces, stampMs: stampMs, checkMs: msSince(checkStart),
                           badPages: stamp.badPages.saturatingAdd(check.badPages)))
        for _ in 0..<threads {
            // STAMP, the longer of the two, so that every call lasts as
            // long as the one the parent was told about.
            Thread {
                while true {
                    do {
                        let v = try file.verify(handle: handle, contents: .stamp)
                        if v.badPages != 0 {
                            announce(.error("VERIFY STAMP: \(v.badPages) bad pages"))
                            return
                        }
                    } catch {
                        announce(.error("VERIFY STAMP: \(error)"))
                        return
                    }
                }
            }.start()
        }
        announce(.verifying)
    }

    /// PIN `count` pages of the area, PIN 0, and again, until killed.
    static func pinLoop(_ file: borrowing ControlFile, cmaArea: Int, count: UInt64) {
        announce(.pinning)
        while true {
            let start = MonotonicClock.nowNs()
            do {
                let p = try file.pin(cmaArea: cmaArea, count: count)
                announce(.pinned(pins: p.pinned, taken: p.taken, ms: msSince(start)))
                _ = try file.pin(cmaArea: cmaArea, count: 0)
            } catch {
                announce(.error("PIN: \(error)"))
                return
            }
        }
    }
}
