// Package dist provides the domain-free building blocks of pivotrisk's Monte
// Carlo simulations: per-path random streams with an exact antithetic mirror,
// samplers for the distributions a risk model needs, correlated normals,
// stochastic processes stepped with their exact transitions, and the closed
// forms that check them. Nothing here knows about bitcoin.
//
// Randomness is always an argument. Every sampler and process draws from a
// *Rand passed by the caller; nothing in this package reads math/rand/v2's
// package-level generator. A Rand for path i of a run with seed s is seeded by
// mixing (s, i) through SplitMix64 (see StreamSeed), so a path's numbers depend
// on (s, i) alone, whatever goroutine or machine runs it.
//
// Processes receive their diffusion shock z from the caller (so the caller can
// correlate it with other processes through Correlated) and draw anything else
// (jump counts, jump sizes, regime switches) from the Rand. A caller that
// wants the draws of one process not to shift another's when its parameters
// change gives each process a sub-stream of its own (Rand.Fork): the parent
// then moves by one word per fork whatever the process draws. Parameters are
// validated once, when a process is constructed; stepping never allocates.
package dist
