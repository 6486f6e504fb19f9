import CDenseKernels
import Foundation
import Testing

@testable import NTM

/// Float's dense kernels (CDenseKernels): the fast versions must equal the reference definition
/// bit for bit, and the products must be right, against Double sums with a stated tolerance.
@Suite("Dense kernels")
struct DenseKernelTests {
  /// Shapes with and without a partial last block of 8, with fewer than 8 columns, with a
  /// column count past one group of 64, and the default LSTM's 400 × 130.
  static let shapes = [(1, 1), (3, 7), (5, 8), (2, 9), (7, 20), (9, 63), (4, 65), (17, 130), (400, 130)]

  static func values(_ count: Int, _ rng: inout SeededGenerator, zeros: Bool = false) -> [Float] {
    (0..<count).map { _ in zeros && rng.uniform() < 0.3 ? 0 : Float(rng.uniform() * 2 - 1) }
  }

  /// The relative tolerance of a Float sum of `terms` products of values in ±1 against the exact
  /// (Double) sum: a few units in the last place per term, scaled by the sum of magnitudes.
  static func close(_ a: Float, _ exact: Double, scale: Double, terms: Int) -> Bool {
    abs(Double(a) - exact) <= Double(terms) * 1.2e-7 * scale + 1e-30
  }

  #if arch(x86_64) && os(Linux)
    /// The processor's feature flags, as Linux lists them ("avx2", "fma", …).
    static func processorFlags() throws -> Set<Substring> {
      let cpuinfo = try String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)
      return Set(
        cpuinfo.split(separator: "\n").first { $0.hasPrefix("flags") }?.split(separator: " ") ?? [])
    }

    @Test("on an x86-64 processor with AVX2 and FMA, the fast versions are the ones used")
    func usesFusedInstructionsWhenPresent() throws {
      let flags = try Self.processorFlags()
      #expect(
        ntm_dense_kernels_use_fma_instructions() == (flags.contains("avx2") && flags.contains("fma") ? 1 : 0))
    }
  #endif

  @Test("W x + b equals the reference definition bit for bit, and the exact product closely")
  func matrixVector() {
    var rng = SeededGenerator(seed: 11)
    for (rows, columns) in Self.shapes {
      let w = Self.values(rows * columns, &rng)
      let x = Self.values(columns, &rng)
      let b = Self.values(rows, &rng)
      var fast = [Float](repeating: .nan, count: rows)
      var reference = fast
      ntm_matrix_vector(w, x, b, &fast, rows, columns)
      ntm_matrix_vector_portable(w, x, b, &reference, rows, columns)
      #expect(fast.map(\.bitPattern) == reference.map(\.bitPattern), "\(rows)×\(columns)")
      #expect(Kernels.affine(weight: w, bias: b, input: x, rows: rows, columns: columns) == fast)
      for r in 0..<rows {
        let terms = (0..<columns).map { Double(w[r * columns + $0]) * Double(x[$0]) }
        let exact = Double(b[r]) + terms.reduce(0, +)
        let scale = abs(Double(b[r])) + terms.map(abs).reduce(0, +)
        #expect(Self.close(fast[r], exact, scale: scale, terms: columns), "\(rows)×\(columns) row \(r)")
      }
    }
  }

  @Test("Wᵀ dout equals the reference bit for bit, skips zero rows, and leaves columns before `first` zero")
  func transposedProduct() {
    var rng = SeededGenerator(seed: 12)
    for (rows, columns) in Self.shapes {
      for first in Set([0, columns / 3, columns - 1]) {
        let w = Self.values(rows * columns, &rng)
        let dout = Self.values(rows, &rng, zeros: true)
        let fast = Kernels.transposedProduct(
          weight: w, outputGradient: dout, rows: rows, columns: columns, from: first)
        var reference = [Float](repeating: .nan, count: columns)
        ntm_transposed_product_portable(w, dout, &reference, rows, columns, first)
        #expect(fast.map(\.bitPattern) == reference.map(\.bitPattern), "\(rows)×\(columns) from \(first)")
        for j in 0..<columns {
          let terms = (0..<rows).map { Double(dout[$0]) * Double(w[$0 * columns + j]) }
          let exact = j < first ? 0 : terms.reduce(0, +)
          #expect(Self.close(fast[j], exact, scale: terms.map(abs).reduce(0, +), terms: rows))
        }
      }
    }
  }

  @Test("Σₜ dzₜ ⊗ xₜ is added to the total for the rows asked for only, equal to the reference bit for bit")
  func outerProducts() {
    var rng = SeededGenerator(seed: 13)
    for (rows, columns) in Self.shapes {
      let steps = rng.int(in: 1...12)
      let dz = Self.values(steps * rows, &rng, zeros: true)
      let x = Self.values(steps * columns, &rng)
      let startW = Self.values(rows * columns, &rng)
      let startB = Self.values(rows, &rng)
      let rowRange = (rows / 3)..<rows
      var (fastW, fastB) = (startW, startB)
      fastW.withUnsafeMutableBufferPointer { w in
        fastB.withUnsafeMutableBufferPointer { b in
          Kernels.accumulateOuterProducts(
            outputGradients: dz, inputs: x, steps: steps, rows: rows, columns: columns, rowRange: rowRange,
            weightGradient: w.baseAddress!, biasGradient: b.baseAddress!)
        }
      }
      var (referenceW, referenceB) = (startW, startB)
      ntm_accumulate_outer_products_portable(
        dz, x, steps, rows, columns, rowRange.lowerBound, rowRange.upperBound, &referenceW, &referenceB)
      #expect(fastW.map(\.bitPattern) == referenceW.map(\.bitPattern), "\(rows)×\(columns)")
      #expect(fastB.map(\.bitPattern) == referenceB.map(\.bitPattern), "\(rows)×\(columns)")
      for r in 0..<rows {
        let inRange = rowRange.contains(r)
        let biasSum = (0..<steps).map { Double(dz[$0 * rows + r]) }.reduce(0, +)
        #expect(
          Self.close(
            fastB[r], Double(startB[r]) + (inRange ? biasSum : 0), scale: 2 + Double(steps), terms: steps + 1)
        )
        for j in 0..<columns {
          let terms = (0..<steps).map { Double(dz[$0 * rows + r]) * Double(x[$0 * columns + j]) }
          let exact = Double(startW[r * columns + j]) + (inRange ? terms.reduce(0, +) : 0)
          #expect(
            Self.close(
              fastW[r * columns + j], exact, scale: 1 + terms.map(abs).reduce(0, +), terms: steps + 1))
        }
      }
    }
  }
}
