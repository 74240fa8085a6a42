import PagebulkKit

extension FragmentationDocument {
    /// The zone's pageblocks after one churn round, while the load runs.
    public struct ChurnSample: Codable, Sendable, Equatable {
        /// 0 is the fill, before any churn.
        public var round: Int
        public var heldPages: UInt64
        public var tally: PageblockTally
        /// Seconds since the driver started filling.
        public var seconds: Double

        public init(round: Int, heldPages: UInt64, tally: PageblockTally, seconds: Double) {
            self.round = round
            self.heldPages = heldPages
            self.tally = tally
            self.seconds = seconds
        }

        /// Pageblocks holding unmovable pages per pageblock the driver's
        /// pages need at least: 1 is perfect packing with nothing else
        /// unmovable in the zone.
        public var unmovableBlockRatio: Double? {
            let minimum = tally.minimumBlocks(for: heldPages)
            return minimum == 0 ? nil : Double(tally.unmovableBlocks) / Double(minimum)
        }
    }

    /// stress-highalloc's probe, while the load runs: `attempts.count`
    /// single order-N allocations `delayMs` apart, the successes held
    /// until the last attempt.
    public struct HighallocRun: Codable, Sendable, Equatable {
        public struct Attempt: Codable, Sendable, Equatable {
            public var ok: Bool
            /// The module's time for the call (the run's latency unit).
            public var ns: UInt64

            public init(ok: Bool, ns: UInt64) {
                self.ok = ok
                self.ns = ns
            }
        }

        public var order: UInt32
        public var gfp: GFPPreset
        public var delayMs: UInt32
        public var attempts: [Attempt]
        /// The zone's free pages just before the first attempt.
        public var zoneFreeBefore: UInt64?

        public init(order: UInt32, gfp: GFPPreset, delayMs: UInt32, attempts: [Attempt], zoneFreeBefore: UInt64?) {
            self.order = order
            self.gfp = gfp
            self.delayMs = delayMs
            self.attempts = attempts
            self.zoneFreeBefore = zoneFreeBefore
        }

        public var successes: Int { attempts.count { $0.ok } }
        /// The 1-based attempt that failed first, nil if none did.
        public var firstFailure: Int? { attempts.firstIndex { !$0.ok }.map { $0 + 1 } }
    }
}
