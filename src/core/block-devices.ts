/**
 * Which paths under /dev are disks. A leaf module: the pre-filter asks it about every line, and
 * the hook's first bundle holds the pre-filter without the rules (scripts/build.mjs).
 */
export const DEVICE = /^\/dev\/(sd[a-z]|nvme\d|hd[a-z]|vd[a-z]|xvd[a-z]|mmcblk\d|disk\d|md\d|dm-\d|mapper\/|loop\d|rdisk\d|nbd\d|zd\d|zvol\/|rbd\d|drbd\d|bcache\d|sr\d|mtdblock\d|ubi\d|disk\/by-|(r?ad|ada|da|nvd|vtbd)\d)/;

/** Files under /dev that are no disk: pseudo-devices, terminals, the standard streams. */
const NOT_A_DISK = /^\/dev\/(null|zero|full|random|urandom|stdin|stdout|stderr|tty[\w.]*|pts(\/.*)?|console|ptmx|fd(\/.*)?|shm(\/.*)?|mqueue(\/.*)?|log|kmsg|net\/.*|fuse|kvm|rtc\d*|snd\/.*|input\/.*|dri\/.*|video\d*|cu\..*|dsp|audio|mem|kmem|port|cpu(\/.*)?|hugepages(\/.*)?|watchdog\d*|vhost-.*|hidraw\d*|usb\/.*|bus\/.*|char\/.*|serial\/.*|cuse|uinput|loop-control|mapper\/control|vfio\/.*|tpm\d*|tpmrm\d*)$/;

/**
 * A block device: a disk, partition, RAID or device-mapper volume, or an LVM volume written as
 * /dev/<group>/<volume>. Writing one overwrites whatever file systems it holds.
 */
export function isBlockDevice(path: string | undefined): boolean {
  if (!path || !path.startsWith('/dev/') || path.includes('\u0000')) return false;
  if (NOT_A_DISK.test(path)) return false;
  return DEVICE.test(path) || /^\/dev\/[\w.+-]+\/[\w.+-]+$/.test(path);
}
