//go:build race

package sim

// extremeYears is the horizon of the daily-step extreme runs under the race
// detector, which slows a path-step about tenfold: 3 years, 1,095 steps a
// path (the same code runs as over 30 years).
const extremeYears = 3

// propertyScenarios is the number of random scenarios the property tests
// draw under the race detector.
const propertyScenarios = 4

// raceDetector reports whether the tests run under the race detector,
// whose instrumentation changes what a run allocates.
const raceDetector = true
