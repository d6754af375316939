package vault

import "runtime"

func isLinuxLike() bool {
	switch runtime.GOOS {
	case "darwin", "windows", "ios", "android":
		return false
	}
	return true
}
