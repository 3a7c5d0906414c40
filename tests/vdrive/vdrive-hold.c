/* vdrive-hold.c - cs-vdrive-hold DEVICE: opens DEVICE exclusively (O_EXCL, as libburn,
 * growisofs and wodim do), says "held" on stdout, and keeps it open until stdin ends.
 * Run under the virtual drive (LD_PRELOAD) it is "another program using the drive". */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int
main (int argc, char **argv)
{
  char c;
  int fd;

  if (argc != 2)
    {
      fprintf (stderr, "usage: cs-vdrive-hold DEVICE  (holds it until stdin ends)\n");
      return 2;
    }
  fd = open (argv[1], O_RDONLY | O_NONBLOCK | O_EXCL);
  if (fd < 0)
    {
      fprintf (stderr, "cs-vdrive-hold: %s: %s\n", argv[1], strerror (errno));
      return 1;
    }
  printf ("held\n");
  fflush (stdout);
  while (read (STDIN_FILENO, &c, 1) > 0)
    ;
  close (fd);
  return 0;
}
