# The one place that pins the kernel source: Debian's linux-source-6.12.
# Moving to a newer 6.12 is a change of this line (and a look at the series).
DEBIAN_KERNEL_VERSION := 6.12.117-1~deb12u1
