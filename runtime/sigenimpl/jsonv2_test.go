//go:build goexperiment.jsonv2

package sigenimpl

// jsonV2 reports whether encoding/json is built on encoding/json/v2.
const jsonV2 = true
