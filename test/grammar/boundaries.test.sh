# SYNTAX TEST "source.shell" "Only QEMU commands are highlighted: not comments, strings, or other commands"
# qemu-system-x86_64 -m 4G in a comment
#                    ^^ - keyword.other.option.qemu
echo "qemu-system-x86_64 -m 4G"
#                        ^^ - keyword.other.option.qemu
ls -m 4G
#  ^^ - keyword.other.option.qemu
"$QEMU" -numa node,memdev=m0 && ls -m
# <------- entity.name.function.qemu.shell
#        ^^^^ keyword.other.option.qemu
#                         ^^ variable.other.constant.id.qemu
#                                  ^^ - keyword.other.option.qemu
exec /usr/bin/qemu-system-x86_64 -enable-kvm -smp 4 -m '8G'
#    ^^^^^^^^^^^^^^^^^^^^^^^^^^^ entity.name.function.qemu.shell
#                                ^^^^^^^^^^^ keyword.other.option.qemu
#                                                 ^ constant.numeric.size.qemu
#                                                       ^^ string.quoted.single.shell constant.numeric.size.qemu
