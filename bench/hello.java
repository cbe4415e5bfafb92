///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 17+

/** jbang's own floor for bench/startup.sh: a warm hello world through the same jbang as conf.java. */
public class hello {
    public static void main(String... args) {
        System.out.println("hello");
    }
}
