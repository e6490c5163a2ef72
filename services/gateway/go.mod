module polystage/gateway

go 1.27.0

require (
	golang.org/x/net v0.62.0
	golang.org/x/time v0.16.0
)
