import CDenseKernels
import Testing

@testable import NTM

/// Float's memory kernels (MemoryKernels.c) must give the Swift definitions' results bit for bit:
/// every shape with and without a partial block of 8 rows or columns, several write heads, rows
/// and keys of norm zero, and similarity gradients that are zero at some locations.
@Suite("Memory kernels")
struct MemoryKernelTests {
  /// (locations, columns): fewer than 8 of each, exactly 8, a partial last block, the default
  /// 128 × 20 and a memory wider than 16 columns with a remainder.
  static let shapes = [(1, 1), (3, 5), (8, 8), (9, 7), (13, 20), (128, 20), (17, 35)]

  static func values(_ count: Int, _ rng: inout SeededGenerator, zeros: Double = 0) -> [Float] {
    (0..<count).map { _ in rng.uniform() < zeros ? 0 : Float(rng.uniform() * 2 - 1) }
  }

  static func bits(_ values: [Float]) -> [UInt32] { values.map(\.bitPattern) }

  @Test("the kernels run on this processor when it has AVX2")
  func available() throws {
    #if arch(x86_64) && os(Linux)
      let flags = try DenseKernelTests.processorFlags()
      #expect(ntm_memory_kernels_available() == (flags.contains("avx2") ? 1 : 0))
    #endif
  }

  @Test("row norms and dots with the key equal the Swift definition bit for bit")
  func rowNormsAndDots() {
    var rng = SeededGenerator(seed: 31)
    for (n, m) in Self.shapes {
      var values = Self.values(n * m, &rng)
      for j in 0..<m { values[(n / 2) * m + j] = 0 }  // a row of norm zero
      let memory = Matrix(rows: n, columns: m, values: values)
      let key = Self.values(m, &rng)
      let fast = Addressing.rowNormsAndDots(key: key, memory: memory)
      let reference = Addressing.rowNormsAndDots(key: key, memory: memory, kernel: false)
      #expect(Self.bits(fast.norms) == Self.bits(reference.norms), "\(n)×\(m)")
      #expect(Self.bits(fast.dots) == Self.bits(reference.dots), "\(n)×\(m)")
    }
  }

  @Test("the similarity's backward pass equals the Swift definition bit for bit, zero norms included")
  func cosineSimilarityBackward() {
    var rng = SeededGenerator(seed: 32)
    for (n, m) in Self.shapes {
      for zeroKey in [false, true] {
        var values = Self.values(n * m, &rng)
        for j in 0..<m { values[(n / 2) * m + j] = 0 }
        let memory = Matrix(rows: n, columns: m, values: values)
        let key = zeroKey ? [Float](repeating: 0, count: m) : Self.values(m, &rng)
        let (norms, dots) = Addressing.rowNormsAndDots(key: key, memory: memory, kernel: false)
        let d = Self.values(n, &rng, zeros: 0.3)
        let start = Self.values(n * m, &rng)
        func run(kernel: Bool) -> (dKey: [Float], dMemory: [Float]) {
          var dMemory = start
          let workspace = UnsafeMutablePointer<Float>.allocate(capacity: 3 * n)
          defer { workspace.deallocate() }
          let dKey = Addressing.cosineSimilarityBackward(
            key: key, rowNorms: norms, keyDots: dots, memory: memory, dSimilarity: d,
            memoryGradient: &dMemory, workspace: workspace, kernel: kernel)
          return (dKey, dMemory)
        }
        let (fast, reference) = (run(kernel: true), run(kernel: false))
        #expect(Self.bits(fast.dKey) == Self.bits(reference.dKey), "\(n)×\(m), zero key \(zeroKey)")
        #expect(Self.bits(fast.dMemory) == Self.bits(reference.dMemory), "\(n)×\(m), zero key \(zeroKey)")
      }
    }
  }

  @Test("the write's backward pass equals the Swift definition bit for bit, for 1 to 9 heads")
  func writeBackward() {
    var rng = SeededGenerator(seed: 33)
    for (n, m) in Self.shapes {
      for heads in [1, 2, 3, 9] {
        let memory = Matrix(rows: n, columns: m, values: Self.values(n * m, &rng))
        let weightings = (0..<heads).map { _ in Self.values(n, &rng, zeros: 0.2).map(abs) }
        let erases = (0..<heads).map { _ in Self.values(m, &rng).map(abs) }
        let adds = (0..<heads).map { _ in Self.values(m, &rng) }
        let dAfter = Self.values(n * m, &rng)
        let fast = MemoryAccess.writeBackward(
          before: memory, weightings: weightings, erases: erases, adds: adds, dAfter: dAfter)
        let reference = MemoryAccess.writeBackward(
          before: memory, weightings: weightings, erases: erases, adds: adds, dAfter: dAfter, kernel: false)
        let shape = "\(n)×\(m), \(heads) heads"
        #expect(Self.bits(fast.dBefore) == Self.bits(reference.dBefore), "\(shape)")
        #expect(fast.dWeightings.map(Self.bits) == reference.dWeightings.map(Self.bits), "\(shape)")
        #expect(fast.dErases.map(Self.bits) == reference.dErases.map(Self.bits), "\(shape)")
        #expect(fast.dAdds.map(Self.bits) == reference.dAdds.map(Self.bits), "\(shape)")
      }
    }
  }
}
