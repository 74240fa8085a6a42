import Testing
@testable import PagebulkProc

@Suite struct FragmentationIndexTests {
    let zone = BuddyInfo.Zone(node: 0, name: "Normal", freeBlocks: [4, 2, 0, 1])

    @Test func unusableIndexFollowsTheKernel() {
        // free pages 4 + 4 + 0 + 8 = 16
        #expect(FragmentationIndex.unusableFree(zone, order: 0) == 0)
        #expect(FragmentationIndex.unusableFree(zone, order: 1) == 250)   // 4 of 16 unusable
        #expect(FragmentationIndex.unusableFree(zone, order: 2) == 500)   // only the order-3 block
        #expect(FragmentationIndex.unusableFree(zone, order: 3) == 500)
    }

    @Test func emptyZoneIsAllUnusable() {
        let empty = BuddyInfo.Zone(node: 0, name: "DMA", freeBlocks: [0, 0, 0])
        #expect(FragmentationIndex.unusableFree(empty) == [1000, 1000, 1000])
        #expect(FragmentationIndex.extfrag(empty) == [0, 0, 0])
    }

    @Test func extfragIsMinusOneWhenABlockExists() {
        #expect(FragmentationIndex.extfrag(zone, order: 3) == -1000)
    }

    @Test func extfragFollowsTheKernelWhenNoBlockFits() {
        let small = BuddyInfo.Zone(node: 0, name: "Normal", freeBlocks: [8, 0, 0, 0, 0])
        // 1000 - (1000 + 8 * 1000 / 16) / 8 = 1000 - 1500 / 8 = 813
        #expect(FragmentationIndex.extfrag(small, order: 4) == 813)
    }

    @Test func reportsThousandthsLikeTheKernel() {
        #expect(FragmentationTable.thousandths("0.017") == 17)
        #expect(FragmentationTable.thousandths("-1.000") == -1000)
        #expect(FragmentationTable.thousandths("1.000") == 1000)
    }
}
