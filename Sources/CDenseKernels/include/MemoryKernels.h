#ifndef NTM_MEMORY_KERNELS_H
#define NTM_MEMORY_KERNELS_H

/// Memory-sized kernels of addressing and memory access (N locations × M columns) for Float,
/// with AVX2 on x86-64.
///
/// Each performs exactly the operations, in the same order, of the Swift function it is named
/// after (no fused multiply-adds, every sum in the order the Swift code adds it), so results are
/// the same bit for bit; the Swift code is the reference definition and runs wherever these
/// return 0 (a processor without AVX2, or a shape they do not take). The tests compare both.

/// 1 when the kernels below run (x86-64 with AVX2), else 0.
int ntm_memory_kernels_available(void);

/// MemoryAccess.writeBackward: given the memory before the write (n × m), every write head's
/// weighting (heads × n), erase and add vectors (heads × m) and the gradient with respect to the
/// memory after the write (n × m), writes the gradients with respect to the memory before
/// (n × m), the weightings (heads × n), the erase and the add vectors (heads × m).
/// Returns 0, writing nothing, when unavailable or heads > 16.
int ntm_write_backward(const float *memory, long n, long m, long heads, const float *weightings,
                       const float *erases, const float *adds, const float *d_after, float *d_before,
                       float *d_weightings, float *d_erases, float *d_adds);

/// Addressing.rowNormsAndDots: ‖Mᵢ‖ and k·Mᵢ for every row i of the memory (n × m), each sum
/// formed as Kernels.dot forms it. Returns 0, writing nothing, when unavailable.
int ntm_row_norms_and_dots(const float *memory, long n, long m, const float *key, float *norms,
                           float *dots);

/// Addressing.cosineSimilarityBackward: given the key (m), its norm (summed from zero in order),
/// each row's norm and dot with the key (n), the memory (n × m) and the gradient with respect to
/// the similarities (n), adds the memory's gradient into `d_memory` and writes the key's into
/// `d_key` (m), using `coefficients` (3n) as scratch. Returns 0, writing nothing, when unavailable.
int ntm_cosine_similarity_backward(const float *key, float key_norm, const float *norms,
                                   const float *dots, const float *memory, long n, long m,
                                   const float *d_similarity, float *d_memory, float *coefficients,
                                   float *d_key);

#endif
