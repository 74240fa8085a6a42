import ArgumentParser

/// What each trial asks for: the seed's 4800 order-4 pieces from "reserved".
struct PieceOptions: ParsableArguments {
    @Option(help: "Order of each piece.") var order: UInt32 = 4
    @Option(help: "Pieces per trial.") var count: UInt64 = 4800
    @Option(help: "CMA area to allocate from.") var cma: String = "reserved"
}
